global using Recoupment.Detection.Tests.Support;
