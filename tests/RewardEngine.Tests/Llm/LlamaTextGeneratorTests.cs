using RewardEngine.Data;
using RewardEngine.Models.Llm;
using Xunit;

namespace RewardEngine.Tests.Llm;

public sealed class LlamaTextGeneratorTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private static readonly string[] Questions =
    [
        "Is water wet?", "Name three prime numbers.", "Write a haiku about rain.", "What is 2 + 2?",
        "Summarise the plot of Hamlet.", "Translate 'good morning' into French.", "List two colours.", "Why is the sky blue?",
    ];

    private static GenerationRequest Ask(string question, int maxTokens = 24, float temperature = 0, uint seed = 42) =>
        new([ChatMessage.System("You are a careful judge."), ChatMessage.User(question)])
        { MaxTokens = maxTokens, Temperature = temperature, Seed = seed };

    /// <summary>A judge's fixed instructions, <paramref name="rules"/> rules long: a system turn worth sharing.</summary>
    private static string Rules(int rules) => "You judge answers. " + string.Join(" ", Enumerable.Range(0, rules).Select(i => $"rule{i}."));

    /// <summary>Three user turns, the first two with the same question: a prefix learnt from those two alone would take it in.</summary>
    private static readonly string[] SameQuestionTwice =
        ["Question: is water wet?\nAnswer: yes", "Question: is water wet?\nAnswer: no", "Question: name a colour.\nAnswer: red"];

    /// <summary>A request under <paramref name="instruction"/>; with a <paramref name="kind"/> it may share its system turn.</summary>
    private static GenerationRequest Judge(string instruction, string user, string? kind, int maxTokens) =>
        new([ChatMessage.System(instruction), ChatMessage.User(user)]) { MaxTokens = maxTokens, PromptKind = kind };

    private async Task<List<GenerationResult>> OneAtATime(IEnumerable<GenerationRequest> requests)
    {
        var results = new List<GenerationResult>();
        foreach (var r in requests) results.Add(await tiny.Planner.GenerateAsync(r, CancellationToken.None));
        return results;
    }

    private async Task<GenerationResult[]> AllAtOnce(IEnumerable<GenerationRequest> requests) =>
        await Task.WhenAll(requests.Select(r => tiny.Planner.GenerateAsync(r, CancellationToken.None)));

    [Fact]
    public async Task Greedy_batched_output_equals_one_at_a_time()
    {
        var requests = Questions.Select(q => Ask(q)).ToList();
        var alone = await OneAtATime(requests);
        var batched = await AllAtOnce(requests);
        Assert.Equal(alone.Select(r => r.Text), batched.Select(r => r.Text));
        Assert.All(alone, r => Assert.True(r.GeneratedTokens > 0));
        // Different prompts lead somewhere different, so equality above is not trivially true.
        Assert.True(alone.Select(r => r.Text).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Sampled_output_depends_on_seed_only_not_on_batch()
    {
        var requests = Questions.Select((q, i) => Ask(q, temperature: 1.0f, seed: (uint)(100 + i))).ToList();
        var alone = await OneAtATime(requests);
        var batched = await AllAtOnce(requests.AsEnumerable().Reverse());
        Assert.Equal(alone.Select(r => r.Text), batched.Reverse().Select(r => r.Text));

        var sameSeed = await AllAtOnce([Ask(Questions[0], temperature: 1.0f, seed: 7), Ask(Questions[0], temperature: 1.0f, seed: 7)]);
        Assert.Equal(sameSeed[0].Text, sameSeed[1].Text);
        var seeds = await AllAtOnce(Enumerable.Range(0, 6).Select(s => Ask(Questions[0], temperature: 1.0f, seed: (uint)s)));
        Assert.True(seeds.Select(r => r.Text).Distinct().Count() > 1, "different seeds should sample different text");
    }

    [Fact]
    public async Task Prompts_longer_than_one_batch_decode_alongside_short_ones()
    {
        // llm.batchSize is 512: this prompt takes several decode steps while the short ones already generate.
        var essay = string.Join(" ", Enumerable.Range(0, 300).Select(i => $"point{i}"));
        var requests = new[] { Ask(essay), Ask(Questions[0]), Ask(Questions[1]) };
        var alone = await OneAtATime(requests);
        var batched = await AllAtOnce(requests);
        Assert.True(alone[0].PromptTokens > 1024, $"prompt has {alone[0].PromptTokens} tokens");
        Assert.Equal(alone.Select(r => r.Text), batched.Select(r => r.Text));
    }

    [Fact]
    public async Task One_shared_kv_pool_gives_the_same_text_as_one_pool_per_sequence()
    {
        var requests = Questions.Take(5).Select(q => Ask(q)).ToList();
        var split = await AllAtOnce(requests);
        var options = TinyOptions(contextSize: 1024, maxSequences: 4, unifiedPool: true);
        using var model = RewardEngine.Models.Llm.LlamaSharp.LlamaModelFile.Load(tiny.ModelPath, options);
        await using var unified = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
        // Five requests, four sequences, 1024 shared cells: admission waits for room, and the text is unchanged.
        var shared = await Task.WhenAll(requests.Select(r => unified.GenerateAsync(r, CancellationToken.None)));
        Assert.Equal(split.Select(r => r.Text), shared.Select(r => r.Text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Requests_of_one_kind_fork_their_shared_prefix_and_keep_their_text(bool unifiedPool)
    {
        var instruction = Rules(40);
        var requests = Questions.Select(q => Judge(instruction, q, "judge", 16)).ToList();
        // Without a kind nothing is shared: the text of each prompt decoded whole.
        var unforked = await AllAtOnce(Questions.Select(q => Judge(instruction, q, null, 16)));

        // Split: a fork copies the root's whole pool (llama.cpp refuses part of one) into its own.
        var options = TinyOptions(contextSize: unifiedPool ? 8192 : 1024, maxSequences: 8, unifiedPool);
        using var model = RewardEngine.Models.Llm.LlamaSharp.LlamaModelFile.Load(tiny.ModelPath, options);
        await using var shared = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
        var first = await shared.GenerateAsync(requests[0], CancellationToken.None);  // learns the kind's tokens
        var rest = await Task.WhenAll(requests.Skip(1).Select(r => shared.GenerateAsync(r, CancellationToken.None)));

        Assert.True(shared.SharedPrefixTokens > 7 * 100, $"only {shared.SharedPrefixTokens} prompt tokens were shared");
        Assert.Equal(unforked.Select(r => r.Text), new[] { first }.Concat(rest).Select(r => r.Text));
        Assert.Equal(unforked.Select(r => r.PromptTokens), new[] { first }.Concat(rest).Select(r => r.PromptTokens));

        // A request of the kind whose instruction differs half-way: the shared prefix shrinks to what it has in common.
        var changedInstruction = instruction[..120] + " Different rules follow.";
        var changed = Judge(changedInstruction, Questions[0], "judge", 16);
        var before = shared.SharedPrefixTokens;
        var expected = await tiny.Planner.GenerateAsync(Judge(changedInstruction, Questions[0], null, 16), CancellationToken.None);
        var actual = await shared.GenerateAsync(changed, CancellationToken.None);
        Assert.Equal(expected.Text, actual.Text);
        Assert.InRange(shared.SharedPrefixTokens - before, 120, 140); // template header + the 120 common characters
        Assert.Equal((await tiny.Planner.GenerateAsync(Judge(instruction, Questions[3], null, 16), CancellationToken.None)).Text,
            (await shared.GenerateAsync(requests[3], CancellationToken.None)).Text);
    }

    [Fact]
    public async Task A_shared_prefix_stops_at_the_system_turn_even_when_two_requests_share_more()
    {
        var instruction = Rules(20);

        var options = TinyOptions(contextSize: 1024, maxSequences: 4);
        using var model = RewardEngine.Models.Llm.LlamaSharp.LlamaModelFile.Load(tiny.ModelPath, options);
        await using var shared = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
        var texts = new List<string>();
        foreach (var u in SameQuestionTwice) texts.Add((await shared.GenerateAsync(Judge(instruction, u, "judge", 8), CancellationToken.None)).Text);

        // The tiny model's tokens are bytes (a space is one token too) after the BOS token, and its chat format is
        // "<|role|>\ntext\n": the system turn is that many tokens, shared by the second and the third request.
        var systemTurn = 1 + $"<|system|>\n{instruction}\n".Length;
        Assert.Equal(2L * systemTurn, shared.SharedPrefixTokens);
        foreach (var (u, text) in SameQuestionTwice.Zip(texts))
            Assert.Equal((await tiny.Planner.GenerateAsync(Judge(instruction, u, null, 8), CancellationToken.None)).Text, text);
    }

    [Fact]
    public async Task With_the_models_own_chat_template_the_system_turn_is_shared_and_the_text_kept()
    {
        // ChatML, which llama.cpp recognises by its markers: prompts go through the model's template, not the plain format.
        const string chatMl = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
            "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        var dir = Directory.CreateTempSubdirectory("rwd-chatml-");
        try
        {
            var path = Path.Combine(dir.FullName, "chatml.gguf");
            (RewardEngine.Models.Llm.Gguf.TinyLlamaModel.Tiny with { ChatTemplate = chatMl }).Write(path);
            var options = TinyOptions(contextSize: 1024, maxSequences: 4);
            using var model = RewardEngine.Models.Llm.LlamaSharp.LlamaModelFile.Load(path, options);
            Assert.True(model.Chat.UsesModelTemplate);
            Assert.StartsWith("<|im_start|>system\n", model.Chat.Format([ChatMessage.System("x"), ChatMessage.User("y")]));

            var instruction = Rules(20);
            await using var plain = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
            await using var shared = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
            foreach (var u in SameQuestionTwice)
                Assert.Equal((await plain.GenerateAsync(Judge(instruction, u, null, 8), CancellationToken.None)).Text,
                    (await shared.GenerateAsync(Judge(instruction, u, "judge", 8), CancellationToken.None)).Text);
            // BOS, then the bytes of the rendered system turn (a space is one token too).
            var systemTurn = 1 + $"<|im_start|>system\n{instruction}<|im_end|>\n".Length;
            Assert.Equal(2L * systemTurn, shared.SharedPrefixTokens);
            Assert.Equal(0L, plain.SharedPrefixTokens);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public async Task More_kinds_than_kept_prefixes_with_cancellations_keep_every_text()
    {
        // Six kinds, four kept prefixes, four sequences at a time: roots are made, evicted and copied from while
        // requests queue, and a quarter of them are cancelled on the way.
        GenerationRequest Request(int i, bool withKind) =>
            new([ChatMessage.System($"Kind {i % 6} instructions: " + string.Join(" ", Enumerable.Range(0, 12).Select(r => $"rule{r}-{i % 6}."))),
                ChatMessage.User(Questions[i % Questions.Length])])
            { MaxTokens = 12, PromptKind = withKind ? $"kind{i % 6}" : null };
        var expected = await AllAtOnce(Enumerable.Range(0, 24).Select(i => Request(i, withKind: false)));

        var options = TinyOptions(contextSize: 512, maxSequences: 4);
        using var model = RewardEngine.Models.Llm.LlamaSharp.LlamaModelFile.Load(tiny.ModelPath, options);
        await using var shared = new RewardEngine.Models.Llm.LlamaSharp.LlamaTextGenerator(model, options);
        using var cancel = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, 24)
            .Select(i => shared.GenerateAsync(Request(i, withKind: true), i % 4 == 3 ? cancel.Token : CancellationToken.None)).ToList();
        cancel.CancelAfter(TimeSpan.FromMilliseconds(5));
        for (var i = 0; i < tasks.Count; i++)
        {
            if (i % 4 == 3) { try { await tasks[i]; } catch (OperationCanceledException) { } continue; }
            Assert.Equal(expected[i].Text, (await tasks[i]).Text);
        }
        Assert.True(shared.SharedPrefixTokens > 0);
        // Still serving afterwards.
        Assert.Equal(expected[0].Text, (await shared.GenerateAsync(Request(0, withKind: true), CancellationToken.None)).Text);
    }

    /// <summary>
    /// The fixture's LLM settings with another window and width. Flash attention and threads must stay as the
    /// fixture's: they change the arithmetic, so a near-tie between two tokens may fall the other way.
    /// </summary>
    private RewardEngine.Configuration.LlmOptions TinyOptions(int contextSize, int maxSequences, bool unifiedPool = false) =>
        tiny.Config.Llm with { ContextSize = contextSize, MaxSequences = maxSequences, KvUnified = unifiedPool };

    [Fact]
    public async Task Usage_counts_calls_prompt_and_generated_tokens()
    {
        var results = await AllAtOnce(Questions.Take(3).Select(q => Ask(q, maxTokens: 10)));
        var cost = RewardEngine.Evaluation.LlmCost.Sum(results.Select(r => r.Cost()));
        Assert.Equal(3, cost.Calls);
        Assert.Equal(results.Sum(r => r.GeneratedTokens), cost.GeneratedTokens);
        Assert.Equal(results.Sum(r => r.PromptTokens), cost.PromptTokens);
        Assert.All(results, r => Assert.InRange(r.PromptTokens, 5, 4096));
        Assert.All(results, r => Assert.InRange(r.GeneratedTokens, 1, 10));
    }

    [Fact]
    public async Task Max_tokens_and_stop_strings_end_a_sequence()
    {
        var full = await tiny.Planner.GenerateAsync(Ask(Questions[1], maxTokens: 40), CancellationToken.None);
        Assert.Equal("length", full.FinishReason);
        Assert.Equal(40, full.GeneratedTokens);
        Assert.True(full.Text.Length >= 6, $"expected some text, got '{full.Text}'");

        var stop = full.Text.Substring(full.Text.Length / 2, 2);
        var stopped = await tiny.Planner.GenerateAsync(Ask(Questions[1], maxTokens: 40) with { Stop = [stop] }, CancellationToken.None);
        Assert.Equal("stop", stopped.FinishReason);
        Assert.Equal(full.Text[..full.Text.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
        Assert.True(stopped.GeneratedTokens < 40);
    }

    [Fact]
    public async Task Malformed_grammar_is_an_error_and_the_generator_keeps_working()
    {
        var bad = Ask("yes or no?") with { Grammar = "root ::= (\"yes\" | " };
        var e = await Assert.ThrowsAsync<GenerationException>(() => tiny.Planner.GenerateAsync(bad, CancellationToken.None));
        Assert.Contains("grammar", e.Message);
        var ok = await tiny.Planner.GenerateAsync(Ask("yes or no?") with { Grammar = Grammars.YesNo, MaxTokens = 8 }, CancellationToken.None);
        Assert.NotNull(StructuredOutput.ParseYesNo(ok.Text));
    }

    [Fact]
    public async Task Cancelling_one_request_leaves_the_others_alone()
    {
        using var cts = new CancellationTokenSource();
        var doomed = tiny.Planner.GenerateAsync(Ask(Questions[2], maxTokens: 400), cts.Token);
        var other = tiny.Planner.GenerateAsync(Ask(Questions[3], maxTokens: 30), CancellationToken.None);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomed);
        Assert.True((await other).GeneratedTokens > 0);
    }

    [Fact]
    public async Task Prompt_longer_than_the_context_is_a_clear_error()
    {
        var huge = Ask(string.Concat(Enumerable.Repeat("word ", 5000)));
        var e = await Assert.ThrowsAsync<GenerationException>(() => tiny.Planner.GenerateAsync(huge, CancellationToken.None));
        Assert.Contains("contextSize", e.Message);
    }

    [Fact]
    public async Task A_shrinkable_prompt_is_cut_to_leave_room_for_the_whole_structured_answer()
    {
        // Long enough that the prompt alone fills the tiny profile's window, in two texts the prompt may cut.
        var a = "Alpha " + string.Concat(Enumerable.Range(0, 1200).Select(i => $"fact{i} ")) + "END-A";
        var b = "Beta " + string.Concat(Enumerable.Range(0, 1200).Select(i => $"claim{i} ")) + "END-B";
        var grammar = Grammars.StringList(3, 160);
        var fractions = new List<double>();
        IReadOnlyList<ChatMessage> Prompt(double f)
        {
            fractions.Add(f);
            return [ChatMessage.System("List the differences."), ChatMessage.User($"A: {PromptText.Cut(a, f)}\nB: {PromptText.Cut(b, f)}")];
        }
        var request = new GenerationRequest(Prompt(1.0)) { Grammar = grammar, MaxTokens = Grammars.MaxTokens(grammar), Temperature = 1, Seed = 3 };
        var unfit = await Assert.ThrowsAsync<GenerationException>(() => tiny.Planner.GenerateAsync(request, CancellationToken.None));
        Assert.Contains("contextSize", unfit.Message);

        for (uint seed = 1; seed <= 6; seed++)
        {
            var result = await tiny.Planner.GenerateAsync(request with { Shrink = Prompt, Seed = seed }, CancellationToken.None);
            Assert.NotNull(StructuredOutput.ParseStringList(result.Text));
            Assert.NotEqual("length", result.FinishReason); // the grammar closed the list, not the token limit
            Assert.InRange(result.PromptTokens + request.MaxTokens, 0, tiny.Config.Llm.ContextSize);
        }
        // It was cut, and no more than needed: the texts kept their heads and tails.
        Assert.Contains(fractions, f => f < 1);
        Assert.All(fractions, f => Assert.InRange(f, 0.05, 1.0));
        var shortened = PromptText.Cut(a, fractions.Where(f => f < 1).Max());
        Assert.StartsWith("Alpha fact0", shortened);
        Assert.EndsWith("END-A", shortened);
        Assert.Contains(" [...] ", shortened);
    }
}
