global using ActionLogement.Domain;
global using FsCheck;
global using FsCheck.Xunit;
global using Xunit;
