using System.Runtime.InteropServices;
using Recoupment.Detection.Cli;

// Ctrl+C (SIGINT) and SIGTERM cancel the command: it stops between two remittances, says what it kept, and exits 130.
// A second Ctrl+C ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});

return await RecoupCli.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
