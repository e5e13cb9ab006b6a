using System.CommandLine;
using System.Globalization;
using RewardEngine.Reporting;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward report OUT</c>: a self-contained HTML report of an eval run, against a baseline run when given.</summary>
internal sealed class ReportCommand : CliCommand
{
    private readonly Argument<string> _run = new("OUT") { Description = "output folder of reward eval" };
    private readonly Option<string> _baseline = CliOptions.Text("--baseline", "an earlier run to compare with (accuracy change, McNemar's test, regressed pairs)", "OUT0");
    private readonly Option<string> _out = CliOptions.Text("--out", "the HTML file to write (default OUT/report.html)", "FILE");

    public override string Name => "report";
    public override string Summary => "write a self-contained HTML report (inline SVG plots) of an eval run, against a baseline";
    public override string? Details => "The file needs no network to open: inline style, plots as inline SVG, no scripts. Exit code 2 when a folder cannot be read.";
    public override IEnumerable<Symbol> Symbols => [_run, _baseline, _out];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var run = parse.GetValue(_run)!;
        var outFile = parse.GetValue(_out) ?? Path.Combine(run, "report.html");
        var bytes = HtmlReport.Write(run, parse.GetValue(_baseline), outFile);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0} ({1:N0} bytes)", Path.GetFullPath(outFile), bytes));
        return Task.FromResult(Diagnostics.ExitCodes.Success);
    }
}
