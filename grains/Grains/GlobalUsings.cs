global using ActionLogement.Domain;
global using ActionLogement.Grains.Abstractions;
global using Microsoft.Extensions.Logging;
global using Orleans;
global using Orleans.Runtime;
