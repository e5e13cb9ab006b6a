using System.CommandLine;

namespace RewardEngine.Cli;

/// <summary>
/// One <c>reward</c> command. Commands are found by reflection: adding one is adding a file under Commands/.
/// A command declares its options as fields (see <see cref="CliOptions"/>), lists them in <see cref="Symbols"/> and
/// reads them from the <see cref="ParseResult"/> in <see cref="RunAsync"/>. Commands stay thin: read options, call the
/// library, print results on stdout and progress, warnings and errors on stderr.
/// </summary>
internal abstract class CliCommand
{
    /// <summary>The words that select it, e.g. "eval" or "kb ingest".</summary>
    public abstract string Name { get; }

    /// <summary>One line for the group's help and the first line of the command's help.</summary>
    public abstract string Summary { get; }

    /// <summary>More help text: what the command writes, its exit codes (optional).</summary>
    public virtual string? Details => null;

    /// <summary>The command's options and arguments.</summary>
    public abstract IEnumerable<Symbol> Symbols { get; }

    /// <summary>Runs the command; returns its exit code (<see cref="Diagnostics.ExitCodes"/>).</summary>
    public abstract Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken);
}
