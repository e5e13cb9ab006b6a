using System.CommandLine;
using System.CommandLine.Invocation;
using RewardEngine.Cli;
using RewardEngine.Diagnostics;

var root = CommandTree.Build();
var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction onError)
{
    // A usage error: the errors and typo suggestions on stderr, a pointer to the help, exit 1; no help page on stdout.
    onError.ShowHelp = false;
    var code = await parse.InvokeAsync(new InvocationConfiguration { Output = Console.Error, Error = Console.Error });
    Console.Error.WriteLine($"see '{string.Join(' ', CommandPath(parse.CommandResult.Command))} --help'");
    return code == 0 ? ExitCodes.Usage : code;
}
// SIGTERM/Ctrl+C cancel the command; `reward serve` then lets requests in flight finish (--shutdown-timeout), the
// others stop within 2 s.
var termination = parse.CommandResult.Command.Name == "serve" && parse.Errors.Count == 0
    ? TimeSpan.FromSeconds(parse.GetValue<double>(RewardEngine.Cli.Commands.ServeCommand.ShutdownTimeoutOption) + 10)
    : TimeSpan.FromSeconds(2);
return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = termination });

static IEnumerable<string> CommandPath(Command c)
{
    var names = new Stack<string>();
    for (; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault()!)
        names.Push(c is RootCommand ? "reward" : c.Name);
    return names;
}
