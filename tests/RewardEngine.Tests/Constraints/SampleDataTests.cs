using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// data/sample.json: every constraint pair's instruction parses to at least one constraint, the chosen answer
/// meets all of them, the rejected answer breaks at least one, and the verifier scores chosen above rejected.
/// Factual pairs carry no checkable constraint.
/// </summary>
public class SampleDataTests
{
    private sealed record Turn(string role, string content);
    private sealed record SamplePair(string id, string domain, Turn[] text_chosen, Turn[] text_rejected);

    private static List<SamplePair> Load()
    {
        var file = Path.Combine(TestPaths.RepoRoot, "data", "sample.json");
        Assert.True(File.Exists(file), $"missing {file}");
        return JsonSerializer.Deserialize<List<SamplePair>>(File.ReadAllText(file))!;
    }

    [Fact]
    public void Sample_has_the_pairwise_shape()
    {
        var pairs = Load();
        Assert.True(pairs.Count(p => p.domain == "constraints") >= 40);
        Assert.True(pairs.Count(p => p.domain == "factual") >= 8);
        Assert.Equal(pairs.Count, pairs.Select(p => p.id).Distinct().Count());
        Assert.All(pairs, p =>
        {
            Assert.Equal(["user", "assistant"], p.text_chosen.Select(t => t.role));
            Assert.Equal(p.text_chosen[0], p.text_rejected[0]);
            Assert.NotEqual(p.text_chosen[1].content, p.text_rejected[1].content);
        });
    }

    [Fact]
    public async Task Chosen_meets_every_parsed_constraint_and_rejected_breaks_one()
    {
        var parser = new ConstraintParser();
        var verifier = new ConstraintVerifier(parser, new ConstraintOptions());
        var problems = new List<string>();
        foreach (var p in Load())
        {
            var instruction = p.text_chosen[0].content;
            var constraints = parser.Parse(instruction);
            if (p.domain == "factual")
            {
                if (constraints.Count > 0) problems.Add($"{p.id}: factual question parsed to {string.Join("; ", constraints)}");
                continue;
            }
            if (constraints.Count == 0) { problems.Add($"{p.id}: no constraint parsed from: {instruction}"); continue; }
            foreach (var c in constraints)
            {
                var r = ConstraintCheckers.CheckStrict(c, p.text_chosen[1].content);
                if (!r.Passed) problems.Add($"{p.id}: chosen fails {c.Describe()}: {r.Reason}");
            }
            if (constraints.All(c => ConstraintCheckers.CheckStrict(c, p.text_rejected[1].content).Passed))
                problems.Add($"{p.id}: rejected meets every parsed constraint ({string.Join("; ", constraints)})");
            var scores = (await verifier.ScoreAsync(RewardQuery.FromInstruction(instruction, p.text_chosen[1].content, p.text_rejected[1].content), CancellationToken.None)).Scores;
            if (scores[0] <= scores[1]) problems.Add($"{p.id}: verifier scores chosen {scores[0]:0.00} <= rejected {scores[1]:0.00}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
