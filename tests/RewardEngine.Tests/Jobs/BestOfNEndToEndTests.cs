using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Jobs;

/// <summary>
/// The tiny profile end to end, through the CLI: generate (4 IFEval prompts x 8), bon --n 2,4,8, annotate; each
/// killed once with SIGKILL mid-run and resumed to files identical to an uninterrupted run; a second bon run makes
/// no signal computation; bon --n 2,4,8,16 after --n 2,4,8 computes responses 9-16 only.
/// </summary>
public sealed class BestOfNEndToEndTests
{
    private static long Rows(string db, string table)
    {
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM {table}";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException) { return 0; } // not created yet
    }

    /// <summary>Runs <paramref name="args"/>, SIGKILLs it once <paramref name="progress"/> reaches <paramref name="atLeast"/>, then runs it again to the end.</summary>
    private static async Task<RewardCli.Result> KillOnceThenResume(string[] args, Func<long> progress, long atLeast)
    {
        using (var p = RewardCli.Start(args))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (progress() < atLeast && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(2);
            Assert.False(p.HasExited, $"{args[0]} finished before it could be killed");
            p.Kill(); // SIGKILL
            await p.WaitForExitAsync();
        }
        var resumed = await RewardCli.RunAsync(args);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        return resumed;
    }

    internal static async Task<RewardCli.Result> Ok(params string[] args)
    {
        var r = await RewardCli.RunAsync(args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.StdErr}");
        return r;
    }

    /// <summary>The tiny models in <paramref name="dir"/>/m and the first <paramref name="count"/> IFEval prompts: (config, prompts file).</summary>
    internal static async Task<(string Config, string Prompts)> TinyPrompts(string dir, int count)
    {
        await Ok("models", "make-tiny", "--out", Path.Combine(dir, "m"));
        var prompts = Path.Combine(dir, "p.jsonl");
        File.WriteAllLines(prompts, File.ReadLines(TestPaths.SharedData("ifeval", "input_data.jsonl")).Take(count));
        return (Path.Combine(dir, "m", "tiny.json"), prompts);
    }

    [Fact]
    public async Task Generate_bon_and_annotate_resume_after_sigkill_to_the_uninterrupted_results_and_reuse_signals()
    {
        var t = TestPaths.NewTempDirectory();
        var (config, prompts) = await TinyPrompts(t, 4);

        string[] Generate(string output, int n) => ["generate", "--input", prompts, "--n", n.ToString(), "--config", config, "--max-tokens", "48", "--seed", "42", "--out", output];
        var reference = Path.Combine(t, "r.jsonl");
        await Ok(Generate(reference, 8));
        var killed = Path.Combine(t, "r-killed.jsonl");
        await KillOnceThenResume(Generate(killed, 8), () => Rows(Path.Combine(killed + ".run", "run.db"), "pairs"), 1);
        Assert.Equal(File.ReadAllText(reference), File.ReadAllText(killed));
        var rows = File.ReadAllLines(reference).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(8, r["responses"]!.AsArray().Count));
        Assert.All(rows, r => Assert.NotNull(r["instruction_id_list"])); // IFEval's fields are carried

        string[] Bon(string dir, string ns, string input) => ["bon", "--input", input, "--n", ns, "--config", config, "--out", dir, "--threads", "1", "--json"];
        var bonReference = Path.Combine(t, "bon");
        var first = JsonNode.Parse((await Ok(Bon(bonReference, "2,4,8", reference))).StdOut)!;
        Assert.Equal(32, first["signalsComputed"]!.GetValue<int>());
        var again = JsonNode.Parse((await Ok(Bon(bonReference, "2,4,8", reference))).StdOut)!;
        Assert.Equal(0, again["signalsComputed"]!.GetValue<int>());
        Assert.Equal(32, again["signalsReused"]!.GetValue<int>());
        var bonKilled = Path.Combine(t, "bon-killed");
        await KillOnceThenResume(Bon(bonKilled, "2,4,8", reference), () => Rows(Path.Combine(bonKilled, "signals.db"), "cache"), 3);
        foreach (var f in new[] { "results_best_of_2.jsonl", "results_best_of_4.jsonl", "results_best_of_8.jsonl", "selections.jsonl", "accuracy.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(bonReference, f)), File.ReadAllText(Path.Combine(bonKilled, f)));
        Assert.True(new FileInfo(Path.Combine(bonReference, "best_of_n.png")).Length > 1000);

        string[] Annotate(string output) => ["annotate", "--input", reference, "--config", config, "--format", "trl", "--out", output, "--threads", "1"];
        var pairs = Path.Combine(t, "pairs.jsonl");
        await Ok(Annotate(pairs));
        var pairsKilled = Path.Combine(t, "pairs-killed.jsonl");
        await KillOnceThenResume(Annotate(pairsKilled), () => Rows(Path.Combine(pairsKilled + ".run", "signals.db"), "cache"), 3);
        Assert.Equal(File.ReadAllText(pairs), File.ReadAllText(pairsKilled));
        foreach (var line in File.ReadAllLines(pairs))
        {
            var pair = JsonNode.Parse(line)!.AsObject();
            Assert.Equal("user", pair["prompt"]![0]!["role"]!.GetValue<string>());
            Assert.Equal("assistant", pair["chosen"]![0]!["role"]!.GetValue<string>());
            Assert.Equal("assistant", pair["rejected"]![0]!["role"]!.GetValue<string>());
            Assert.True(pair["margin"]!.GetValue<double>() > 0);
        }

        // 16 responses: n = 2,4,8 scores the first 8 of each prompt; adding n = 16 scores only responses 9-16.
        var sixteen = Path.Combine(t, "r16.jsonl");
        await Ok(Generate(sixteen, 16));
        var bon16 = Path.Combine(t, "bon16");
        Assert.Equal(32, JsonNode.Parse((await Ok(Bon(bon16, "2,4,8", sixteen))).StdOut)!["signalsComputed"]!.GetValue<int>());
        var more = JsonNode.Parse((await Ok(Bon(bon16, "2,4,8,16", sixteen))).StdOut)!;
        Assert.Equal(32, more["signalsComputed"]!.GetValue<int>());
        Assert.Equal(32, more["signalsReused"]!.GetValue<int>());
    }
}
