using System.Reflection;
using RewardEngine.Cli;
using RewardEngine.Diagnostics;


var commands = typeof(ICliCommand).Assembly.GetTypes()
    .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("reward: agentic reward modeling, offline.\n\nCommands:");
    foreach (var c in commands) Console.WriteLine($"  {c.Name,-22} {c.Summary}");
    Console.WriteLine("\nreward COMMAND --help for a command's options.");
    return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
}
if (args[0] is "--version")
{
    Console.WriteLine(EngineInfo.Version);
    return 0;
}

// Longest match wins so "kb ingest" beats a hypothetical "kb".
var command = commands
    .Select(c => (c, words: c.Name.Split(' ')))
    .Where(x => x.words.Length <= args.Length && x.words.SequenceEqual(args.Take(x.words.Length)))
    .OrderByDescending(x => x.words.Length)
    .FirstOrDefault();
if (command.c is null)
{
    var near = commands.Where(c => c.Name.StartsWith(args[0] + " ", StringComparison.Ordinal)).Select(c => c.Name).ToList();
    Console.Error.WriteLine(near.Count > 0
        ? $"reward: '{args[0]}' needs a subcommand: {string.Join(", ", near)}"
        : $"reward: unknown command '{string.Join(' ', args.Take(2))}' (reward --help lists them)");
    return ExitCodes.Usage;
}

var rest = args.Skip(command.words.Length).ToArray();
if (rest.Contains("--help") || rest.Contains("-h"))
{
    Console.WriteLine($"reward {command.c.Name}: {command.c.Summary}\n\n{command.c.Usage}");
    return 0;
}

using var cts = new CancellationTokenSource();
// The first Ctrl+C stops the work where it can stop cleanly; a second one ends the process at once.
Console.CancelKeyPress += (_, e) => { e.Cancel = !cts.IsCancellationRequested; cts.Cancel(); };
try
{
    return await command.c.RunAsync(new CliArgs(rest, command.c.Aliases), cts.Token);
}
catch (RewardEngineException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return e.ExitCode;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("reward: cancelled");
    return ExitCodes.Cancelled;
}
catch (Exception e)
{
    // A fault no check above named: still one line and exit code 3, never an abort (134) with a stack trace.
    var error = InternalError.From(e);
    Console.Error.WriteLine($"error {error.Code}: {error.Message}");
    return error.ExitCode;
}
