using System.CommandLine;
using RewardEngine.Cli;

namespace RewardEngine.Tests.Commands;

/// <summary>Runs a <c>reward</c> command line in this process, through the same command tree as the executable.</summary>
internal static class InProcessCli
{
    public static Task<int> RunAsync(params string[] args) =>
        CommandTree.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
