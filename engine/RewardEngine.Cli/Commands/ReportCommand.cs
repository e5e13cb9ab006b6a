using System.Globalization;
using RewardEngine.Diagnostics;
using RewardEngine.Reporting;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward report OUT</c>: a self-contained HTML report of an eval run, against a baseline run when given.</summary>
public sealed class ReportCommand : ICliCommand
{
    public string Name => "report";
    public string Summary => "write a self-contained HTML report (inline SVG plots) of an eval run, against a baseline";
    public string Usage => """
        reward report OUT [--baseline OUT0] [--out report.html]

          OUT             output folder of reward eval
          --baseline OUT0 an earlier run to compare against (accuracy change, McNemar's test, regressed pairs)
          --out FILE      the HTML file to write (default OUT/report.html)
        The file needs no network to open: inline style, plots as inline SVG, no scripts.
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var baseline = args.String("baseline");
        var outFile = args.String("out");
        args.EnsureAllUsed(allowedPositionals: 1);
        if (args.Positionals.Count != 1) throw new UsageException("reward report needs one output folder: reward report OUT [--baseline OUT0] --out report.html");
        var run = args.Positionals[0];
        outFile ??= Path.Combine(run, "report.html");
        var bytes = HtmlReport.Write(run, baseline, outFile);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0} ({1:N0} bytes)", Path.GetFullPath(outFile), bytes));
        return Task.FromResult(0);
    }
}
