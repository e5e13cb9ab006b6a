namespace RewardEngine.Cli;

/// <summary>
/// One <c>reward</c> subcommand. Commands are found by reflection: adding one is adding a file under Commands/.
/// Commands stay thin: parse options, call the library, print.
/// </summary>
public interface ICliCommand
{
    /// <summary>The words that select it, e.g. "eval" or "kb ingest".</summary>
    string Name { get; }
    /// <summary>One line for <c>reward --help</c>.</summary>
    string Summary { get; }
    /// <summary>Usage text for <c>reward NAME --help</c>.</summary>
    string Usage { get; }
    /// <summary>Short aliases (e.g. "k" to "top-k").</summary>
    IReadOnlyDictionary<string, string>? Aliases => null;
    /// <summary>Returns the exit code: 0 success, 1 a failed check or gate, 2 bad input.</summary>
    Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken);
}
