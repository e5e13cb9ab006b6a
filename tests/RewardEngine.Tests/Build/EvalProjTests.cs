using System.Diagnostics;
using System.Text.Json;

namespace RewardEngine.Tests.Build;

/// <summary>
/// eval.proj through a real <c>dotnet build</c>: item and escaped-property datasets, the up-to-date check, early
/// property validation, the regression gate against a baseline, Clean. Each build writes to its own temp folders.
/// </summary>
public class EvalProjTests
{
    private static (int ExitCode, string Log) Build(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepoRoot };
        foreach (var a in (string[])["build", "eval.proj", "-nologo", "-nodeReuse:false", .. args]) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(10))) { p.Kill(true); throw new TimeoutException("dotnet build eval.proj ran over 10 minutes"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string[] Folders(string dir) => [$"-p:EvalOut={Path.Combine(dir, "out")}", $"-p:RewardIntermediateDir={Path.Combine(dir, "obj")}/"];

    [Fact]
    public void Incremental_gate_clean_and_early_validation()
    {
        var dir = TestPaths.NewTempDirectory("evalproj");
        var results = Path.Combine(dir, "out", "results_grouped.json");

        var first = Build(Folders(dir));
        Assert.True(first.ExitCode == 0, first.Log);
        Assert.Contains("overall: ", first.Log);
        var written = File.GetLastWriteTimeUtc(results);

        // Nothing changed: MSBuild skips the evaluation without starting the CLI.
        var second = Build(Folders(dir));
        Assert.True(second.ExitCode == 0, second.Log);
        Assert.DoesNotContain("progress:", second.Log);
        Assert.Equal(written, File.GetLastWriteTimeUtc(results));

        // A setting changed: evaluated again (the results are written anew; the pairs themselves resume from run.db).
        var strict = Build([.. Folders(dir), "-p:Ties=strict"]);
        Assert.True(strict.ExitCode == 0, strict.Log);
        Assert.Contains("overall: ", strict.Log);
        Assert.NotEqual(written, File.GetLastWriteTimeUtc(results));

        // A bad value fails before any work, naming the property the user set.
        var bad = Build([.. Folders(dir), "-p:MinAccuracy=abc"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("error RWD902: MinAccuracy='abc'", bad.Log);
        Assert.DoesNotContain("progress:", bad.Log);
        Assert.Contains("error RWD902: GateTolerance='1.5'", Build([.. Folders(dir), "-p:GateTolerance=1.5"]).Log);

        // The gate: a baseline above the results fails naming the subset, the drop and the tolerance.
        var baseline = Path.Combine(dir, "baseline.json");
        var grouped = JsonDocument.Parse(File.ReadAllText(results)).RootElement;
        var subset = grouped.EnumerateObject().Where(p => p.Name != "overall").MinBy(p => p.Value.GetDouble());
        File.WriteAllText(baseline, $$"""{"subsets": {"{{subset.Name}}": {{Math.Min(1, subset.Value.GetDouble() + 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "overall": 1}""");
        var gate = Build([.. Folders(dir), "-p:Ties=strict", "-t:RegressionGate", $"-p:Baseline={baseline}"]);
        Assert.NotEqual(0, gate.ExitCode);
        Assert.Contains($"error RWD904: subset '{subset.Name}' dropped", gate.Log);
        Assert.Contains("GateTolerance=0.01", gate.Log);
        Assert.Contains("reward diff", gate.Log);
        Assert.True(Build([.. Folders(dir), "-p:Ties=strict", "-t:RegressionGate", $"-p:Baseline={baseline}", "-p:UpdateBaseline=true"]).ExitCode == 0);
        var again = Build([.. Folders(dir), "-p:Ties=strict", "-t:RegressionGate", $"-p:Baseline={baseline}"]);
        Assert.True(again.ExitCode == 0, again.Log);

        // MinAccuracy above the results fails with RWD900 naming the property.
        var min = Build([.. Folders(dir), "-p:Ties=strict", "-p:MinAccuracy=1"]);
        Assert.True(grouped.GetProperty("overall").GetDouble() >= 1 || min.Log.Contains("error RWD900"), min.Log);

        Assert.Equal(0, Build([.. Folders(dir), "-t:Clean"]).ExitCode);
        Assert.False(File.Exists(results));
    }

    [Fact]
    public void Report_true_writes_the_html_report_beside_the_results()
    {
        var dir = TestPaths.NewTempDirectory("evalproj");
        var r = Build([.. Folders(dir), "-p:Report=true", "-p:Limit=6"]);
        Assert.True(r.ExitCode == 0, r.Log);
        var html = File.ReadAllText(Path.Combine(dir, "out", "report.html"));
        Assert.Contains("<section id=\"accuracy\">", html);
        Assert.Contains("<svg ", html);
    }

    [Fact]
    public void Datasets_as_escaped_property_and_items_from_an_imported_props()
    {
        var dir = TestPaths.NewTempDirectory("evalproj");
        var a = TestPaths.SharedData("rm-bench", "chat_normal.json");
        var b = TestPaths.SharedData("rm-bench", "chat_hard.json");
        var escaped = Build([.. Folders(dir), $"-p:Datasets={a}%3B{b}", "-p:Limit=3"]);
        Assert.True(escaped.ExitCode == 0, escaped.Log);
        var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "run.json"))).RootElement;
        Assert.Equal(2, run.GetProperty("datasets").GetArrayLength());

        // Items with per-item metadata, from a .props the project imports (Directory.Build.props style).
        var props = Path.Combine(dir, "datasets.props");
        File.WriteAllText(props, $"""
            <Project>
              <ItemGroup>
                <EvalDataset Include="{a}" Limit="2" />
                <EvalDataset Include="{b}" Limit="2" />
              </ItemGroup>
            </Project>
            """);
        var items = Build([.. Folders(dir), $"-p:Datasets=", $"-p:CustomBeforeRewardTargets={props}"]);
        Assert.True(items.ExitCode == 0, items.Log);
        run = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "run.json"))).RootElement;
        Assert.Equal(2, run.GetProperty("datasets").GetArrayLength());
        Assert.Equal(2, run.GetProperty("limit").GetInt32());
    }
}
