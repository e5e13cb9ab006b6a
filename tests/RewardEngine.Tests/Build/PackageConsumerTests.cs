using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RewardEngine.Configuration;
using RewardEngine.Extensions.AI.Evaluation;

namespace RewardEngine.Tests.Build;

/// <summary>
/// The packages as another repository uses them: `dotnet pack` into a temporary folder feed, the consumer sample
/// (examples/consumer) restored from it alone, `dotnet build` evaluates its data, a drop below the committed baseline
/// fails with the coded error, the reward tool runs from a local tool manifest, and the console sample scores an
/// answer with the IEvaluator of RewardEngine.Extensions.AI, language-dependent constraints included.
/// </summary>
public class PackageConsumerTests
{
    private static (int ExitCode, string Log) Run(string workingDirectory, params string[] args) => RunWith(workingDirectory, null, args);

    // packages: the NuGet packages folder, for the commands that take no -p:RestorePackagesPath (the tool's): our
    // packages keep one version from build to build, and a copy in the machine's folder would stand in for a new one.
    // The local tools' resolver cache (under DOTNET_CLI_HOME) goes beside it: the machine's would keep pointing at
    // wherever an earlier run restored that version.
    private static (int ExitCode, string Log) RunWith(string workingDirectory, string? packages, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (packages is not null)
        {
            psi.Environment["NUGET_PACKAGES"] = packages;
            psi.Environment["DOTNET_CLI_HOME"] = Directory.CreateDirectory(packages + "-cli-home").FullName;
            psi.Environment["DOTNET_NOLOGO"] = "1";
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(15))) { p.Kill(true); throw new TimeoutException($"dotnet {string.Join(' ', args)} ran over 15 minutes"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
    }

    [Fact]
    public async Task Packs_restores_from_a_folder_feed_evaluates_gates_and_runs_the_tool()
    {
        var dir = TestPaths.NewTempDirectory("pkg");
        var feed = Path.Combine(dir, "feed");
        var pack = Run(TestPaths.RepoRoot, "pack", "-c", "Release", "-o", feed, "-nologo", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, pack.Log);
        // The version is set once (Directory.Build.props) and stamped on every assembly and package.
        var v = typeof(RewardEngine.Configuration.EngineConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var names = Directory.GetFiles(feed).Select(Path.GetFileName).ToList();
        foreach (var package in new[] { "RewardEngine", "RewardEngine.Extensions.AI", "RewardEngine.Build", "reward" })
            Assert.Contains($"{package}.{v}.nupkg", names);
        foreach (var library in new[] { "RewardEngine", "RewardEngine.Extensions.AI" })
        {
            Assert.Contains($"{library}.{v}.snupkg", names);
            using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{library}.{v}.nupkg"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == $"lib/net10.0/{library}.xml");
        }

        var consumer = Path.Combine(dir, "consumer");
        CopyDirectory(Path.Combine(TestPaths.RepoRoot, "examples", "consumer"), consumer);
        // Our packages from the temporary feed only; everything else from the machine's first enabled source.
        var upstream = Run(dir, "nuget", "list", "source", "--format", "short").Log.Split('\n')
            .Select(l => l.Trim()).Where(l => l.StartsWith('E')).Select(l => l[1..].Trim()).FirstOrDefault();
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources><clear /><add key="rewardengine-local" value="{feed}" />{(upstream is null ? "" : $"<add key=\"upstream\" value=\"{upstream}\" />")}</packageSources>
              <packageSourceMapping>
                <packageSource key="rewardengine-local"><package pattern="RewardEngine*" /><package pattern="reward" /></packageSource>
                {(upstream is null ? "" : "<packageSource key=\"upstream\"><package pattern=\"*\" /></packageSource>")}
              </packageSourceMapping>
            </configuration>
            """);
        var packages = Path.Combine(dir, "packages");
        string[] isolated = [$"-p:RestorePackagesPath={packages}", $"-p:RewardEngineVersion={v}", "-nologo", "-nodeReuse:false"];

        var build = Run(consumer, ["build", "RewardGate.proj", .. isolated]);
        Assert.True(build.ExitCode == 0, build.Log);
        Assert.Contains("overall: ", build.Log);
        Assert.True(Directory.Exists(Path.Combine(packages, "rewardengine.build")), "RewardEngine.Build did not come from the temporary feed");

        var gate = Run(consumer, ["build", "RewardGate.proj", "-t:RewardRegressionGate", .. isolated]);
        Assert.True(gate.ExitCode == 0, gate.Log);

        // Swap chosen and rejected: accuracy falls below the committed baseline and the gate names the subset.
        var data = Path.Combine(consumer, "evals", "instructions.json");
        var rows = JsonNode.Parse(File.ReadAllText(data))!.AsArray();
        foreach (var row in rows)
        {
            var o = row!.AsObject();
            var chosen = o["text_chosen"]!.DeepClone();
            o["text_chosen"] = o["text_rejected"]!.DeepClone();
            o["text_rejected"] = chosen;
        }
        File.WriteAllText(data, rows.ToJsonString());
        var dropped = Run(consumer, ["build", "RewardGate.proj", "-t:RewardRegressionGate", .. isolated]);
        Assert.NotEqual(0, dropped.ExitCode);
        Assert.Contains("error RWD904: subset 'instructions' dropped", dropped.Log);

        var manifest = Path.Combine(consumer, ".config", "dotnet-tools.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"0.1.0\"", $"\"{v}\""));
        var restore = RunWith(consumer, packages, "tool", "restore");
        Assert.True(restore.ExitCode == 0, restore.Log);
        Assert.True(Directory.Exists(Path.Combine(packages, "reward")), "the reward tool did not come from the temporary feed");
        var version = RunWith(consumer, packages, "tool", "run", "reward", "--", "--version");
        Assert.True(version.ExitCode == 0, version.Log);
        Assert.StartsWith(v, version.Log.Trim());

        // The ten-line console program: the IEvaluator from the feed scores an English answer meeting both of its
        // constraints, one of them language-dependent (english_lowercase asks Lingua), to the reward the engine gives
        // in this process. Lingua reads its models from the application's folder; the RewardEngine package's
        // buildTransitive targets put its trigram models there, with the lower orders a missing trigram backs off to, in Lingua's layout.
        var scorerBuild = Run(consumer, ["build", "Scorer", .. isolated]);
        Assert.True(scorerBuild.ExitCode == 0, scorerBuild.Log);
        var models = Path.Combine(consumer, "Scorer", "bin", "Debug", "net10.0", "linux-x64", "Lingua", "LanguageModels");
        Assert.True(File.Exists(Path.Combine(models, "en", "trigrams.json.br")), scorerBuild.Log);
        Assert.DoesNotContain(Directory.GetFiles(models, "*.json.br", SearchOption.AllDirectories), f => Path.GetFileName(f) is not ("trigrams.json.br" or "bigrams.json.br" or "unigrams.json.br"));
        Assert.True(File.Exists(Path.Combine(models, "en", "unigrams.json.br")), scorerBuild.Log);
        var scorer = Run(consumer, "run", "--project", "Scorer", "--no-build");
        Assert.True(scorer.ExitCode == 0, scorer.Log);
        var lines = scorer.Log.Split('\n');
        var expected = await InProcessRewardAsync();
        Assert.True(expected > 0, $"the sample's answer should score in this process too, got {expected}");
        Assert.StartsWith($"reward: {expected} ", lines.First(l => l.StartsWith("reward", StringComparison.Ordinal)));
        Assert.Contains("constraints: 1 Exceptional", scorer.Log);
        Assert.Contains(lines, l => l.StartsWith("constraint: change_case:english_lowercase: True Good", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(l => l.StartsWith("constraint: ", StringComparison.Ordinal) && l.Contains(": True Good")));

        // Without the models (an application copied without them) the constraint signal says what is missing.
        Directory.Move(models, models + ".gone");
        var bare = Run(consumer, "run", "--project", "Scorer", "--no-build");
        Assert.True(bare.ExitCode == 0, bare.Log);
        Assert.Contains("error: constraints: " + Path.Combine(models, "en", "trigrams.json.br") + ": Lingua's language model is missing", bare.Log);
    }

    // The sample's question and answer (examples/consumer/Scorer/Program.cs) scored by the engine built here, whose
    // output has Lingua's models from Lingua's own build targets.
    private static async Task<double> InProcessRewardAsync()
    {
        await using var evaluator = new RewardEvaluator(new EngineConfig(), workDirectory: TestPaths.NewTempDirectory("pkg-scorer"));
        var question = new ChatMessage(ChatRole.User, "Name the primary colors. Your answer must contain exactly 3 bullet points. Your entire response should be in lowercase letters.");
        var answer = new ChatResponse(new ChatMessage(ChatRole.Assistant, "* red\n* yellow\n* blue"));
        var result = await evaluator.EvaluateAsync([question], answer);
        return Assert.IsType<NumericMetric>(result.Metrics[RewardMetricNames.Reward]).Value!.Value;
    }
}
