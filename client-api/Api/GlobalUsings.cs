global using ActionLogement.Database;
global using ActionLogement.Domain;
global using ActionLogement.Grains.Abstractions;
global using Microsoft.AspNetCore.Http.HttpResults;
