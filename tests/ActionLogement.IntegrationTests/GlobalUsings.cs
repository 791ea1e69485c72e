global using ActionLogement.Domain;
global using ActionLogement.Grains.Abstractions;
global using ActionLogement.IntegrationTests.Infrastructure;
global using Xunit;
