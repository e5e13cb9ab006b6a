using Microsoft.ML.OnnxRuntime;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels;

/// <summary>
/// A reward model exported to ONNX, run in-process by ONNX Runtime: conversations in, one score each out.
/// Texts are rendered with the manifest's chat template, tokenized with the model's tokenizer.json, truncated from
/// the left to the manifest's max length, sorted by length and batched with right padding.
/// </summary>
public sealed class OnnxRewardModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RewardTokenizer _tokenizer;
    private readonly TextWriter _log;

    private OnnxRewardModel(RewardModelFiles files, RewardModelManifest manifest, RewardTokenizer tokenizer,
        InferenceSession session, string provider, TextWriter log)
    {
        Files = files;
        Manifest = manifest;
        _tokenizer = tokenizer;
        _session = session;
        ExecutionProvider = provider;
        _log = log;
    }

    public RewardModelFiles Files { get; }
    public RewardModelManifest Manifest { get; }
    public string ModelId => Manifest.ModelId;
    /// <summary>CPU or CUDA: where the session actually runs.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Opens rm.json and the files it names; every failure names the file at fault.</summary>
    public static OnnxRewardModel Load(string rmConfigPath, TextWriter? log = null)
    {
        log ??= TextWriter.Null;
        var files = RewardModelFiles.Load(rmConfigPath);
        var manifest = RewardModelManifest.Load(files.Resolve(files.Manifest));
        var modelPath = files.Resolve(files.Model);
        if (!File.Exists(modelPath)) throw new ModelLoadException(modelPath, "ONNX model not found");
        var tokenizer = RewardTokenizer.Load(files.Resolve(files.Tokenizer));
        try
        {
            var (session, provider) = OnnxSessionFactory.Create(modelPath, files.Device, files.Threads, log);
            try
            {
                CheckSignature(session, manifest, modelPath);
            }
            catch
            {
                session.Dispose();
                throw;
            }
            return new OnnxRewardModel(files, manifest, tokenizer, session, provider, log);
        }
        catch
        {
            tokenizer.Dispose();
            throw;
        }
    }

    private static void CheckSignature(InferenceSession session, RewardModelManifest m, string path)
    {
        var needed = new List<string> { m.InputIds, m.AttentionMask };
        if (m.Convention == OutputConventions.ArmoRM) needed.Add(m.GatingPosition!);
        foreach (var name in needed)
            if (!session.InputMetadata.ContainsKey(name))
                throw new ModelLoadException(path, $"model has no input '{name}' named by the manifest (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
        foreach (var name in session.InputMetadata.Keys.Except(needed))
            throw new ModelLoadException(path, $"model input '{name}' is not described by the manifest");
        if (!session.OutputMetadata.ContainsKey(m.Output))
            throw new ModelLoadException(path, $"model has no output '{m.Output}' named by the manifest (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
    }

    /// <summary>The conversation rendered with the chat template, as the model sees it before tokenizing.</summary>
    public string Render(IReadOnlyList<ChatMessage> conversation) => ChatTemplate.Render(Manifest.ChatTemplate, conversation);

    /// <summary>Token ids fed to the model: rendered, tokenized, truncated from the left to the max length.</summary>
    public int[] Encode(IReadOnlyList<ChatMessage> conversation)
    {
        var ids = _tokenizer.Encode(Render(conversation));
        return ids.Length > Manifest.MaxLength ? ids[^Manifest.MaxLength..] : ids;
    }

    /// <summary>Scores (instruction, response) pairs as a user turn and an assistant turn.</summary>
    public Task<float[]> ScoreAsync(string instruction, IReadOnlyList<string> responses, CancellationToken cancellationToken) =>
        ScoreAsync(responses.Select(r => (IReadOnlyList<ChatMessage>)[ChatMessage.User(instruction), ChatMessage.Assistant(r)]).ToList(),
            null, cancellationToken);

    /// <summary>Scores each conversation (its last turn is the response). Results follow the input order.</summary>
    public Task<float[]> ScoreAsync(IReadOnlyList<IReadOnlyList<ChatMessage>> conversations, int? batchSize, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var sequences = conversations.Select(Encode).ToList();
            return ScoreTokens(sequences, batchSize ?? Files.BatchSize, cancellationToken);
        }, cancellationToken);

    /// <summary>Scores token sequences (already truncated). Batch size changes speed, never the scores.</summary>
    public float[] ScoreTokens(IReadOnlyList<int[]> sequences, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var scores = new float[sequences.Count];
        var lengths = sequences.Select(s => s.Length).ToArray();
        foreach (var batch in BatchPlan.Make(lengths, batchSize, Files.MaxBatchTokens))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = RunBatch(batch.Select(i => sequences[i]).ToList());
            for (int j = 0; j < batch.Length; j++) scores[batch[j]] = result[j];
        }
        return scores;
    }

    private float[] RunBatch(IReadOnlyList<int[]> rows)
    {
        int b = rows.Count, t = Math.Max(1, rows.Max(r => r.Length));
        var ids = new long[b * t];
        var mask = new long[b * t];
        Array.Fill(ids, Manifest.PadTokenId);
        for (int i = 0; i < b; i++)
            for (int j = 0; j < rows[i].Length; j++)
            {
                ids[i * t + j] = rows[i][j];
                mask[i * t + j] = 1;
            }
        long[] shape = [b, t];
        var names = new List<string> { Manifest.InputIds, Manifest.AttentionMask };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        var values = new List<OrtValue> { idsValue, maskValue };
        OrtValue? gating = null;
        try
        {
            if (Manifest.Convention == OutputConventions.ArmoRM)
            {
                gating = OrtValue.CreateTensorValueFromMemory(rows.Select(r => (long)GatingPosition(r)).ToArray(), [b]);
                names.Add(Manifest.GatingPosition!);
                values.Add(gating);
            }
            using var run = new RunOptions();
            using var outputs = _session.Run(run, names, values, [Manifest.Output]);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            var dims = outputs[0].GetTensorTypeAndShape().Shape;
            // logits [B, labels]: column 0; score [B]: itself.
            int stride = dims.Length == 2 ? (int)dims[1] : 1;
            var result = new float[b];
            for (int i = 0; i < b; i++) result[i] = data[i * stride];
            return result;
        }
        finally
        {
            gating?.Dispose();
        }
    }

    private bool _warnedGating;

    /// <summary>
    /// ArmoRM's gating position: the start of the last occurrence of the gating pattern (the user turn's end and the
    /// assistant header), as its remote code searches. When left truncation cut it off, the last token is used.
    /// </summary>
    internal int GatingPosition(int[] ids)
    {
        var p = Manifest.GatingPattern!;
        for (int j = ids.Length - p.Length; j >= 0; j--)
            if (ids.AsSpan(j, p.Length).SequenceEqual(p)) return j;
        if (!_warnedGating)
        {
            _warnedGating = true;
            _log.WriteLine($"warning: {ModelId}: gating pattern not found in a text (truncated?); gating reads its last token");
        }
        return Math.Max(0, ids.Length - 1);
    }

    public void Dispose()
    {
        _session.Dispose();
        _tokenizer.Dispose();
    }
}
