using Recoupment.Detection.Cli;

return await RecoupCli.RunAsync(args, Console.Out, Console.Error);
