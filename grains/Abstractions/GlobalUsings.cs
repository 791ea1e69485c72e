global using ActionLogement.Domain;
global using Orleans;
