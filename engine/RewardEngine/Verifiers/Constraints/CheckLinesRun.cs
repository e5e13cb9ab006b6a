using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Checks the lines of a check file and writes one JSON line each, in input order:
/// <c>{"key","follow_all_strict","follow_all_loose","results":[{"instruction_id","kwargs","strict","loose","score","reason"}]}</c>.
/// Each distinct (constraint, response) pair is checked once, on every core, and its result written to JSON once;
/// each response's loose variants are made once. Lines repeat pairs often (the same answer under the same
/// instruction) and their verdicts cannot differ, so the output is the same as checking every line on its own.
/// </summary>
internal static class CheckLinesRun
{
    public static async Task<CheckCounts> RunAsync(IReadOnlyList<CheckLine> lines, Stream output, CancellationToken cancellationToken)
    {
        // Constraints and responses are shared objects (CheckLines), so a pair is told by reference.
        var pairs = new Dictionary<(Constraint, string), int>(PairComparer.Instance);
        var pairOf = new int[lines.Count][];
        var distinct = new List<(Constraint Constraint, string Response)>();
        for (int i = 0; i < lines.Count; i++)
        {
            var cs = lines[i].Constraints;
            var ids = pairOf[i] = new int[cs.Length];
            for (int c = 0; c < cs.Length; c++)
            {
                ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(pairs, (cs[c], lines[i].Response), out var exists);
                if (!exists) { id = distinct.Count; distinct.Add((cs[c], lines[i].Response)); }
                ids[c] = id;
            }
        }

        var responses = distinct.Select(p => p.Response).Distinct(ReferenceEqualityComparer.Instance).Cast<string>().ToArray();
        var variants = new Dictionary<string, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
        var made = new IReadOnlyList<string>[responses.Length];
        var options = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, responses.Length, options, i => made[i] = ConstraintCheckers.LooseVariants(responses[i]));
        for (int i = 0; i < responses.Length; i++) variants[responses[i]] = made[i];

        var kwargs = new ConditionalWeakTable<Constraint, byte[]>();
        var results = new (bool Strict, bool Loose, byte[] Json)[distinct.Count];
        Parallel.For(0, distinct.Count, options, () => new ArrayBufferWriter<byte>(), (i, _, buffer) =>
        {
            var (constraint, response) = distinct[i];
            var v = ConstraintCheckers.Check(constraint, response, variants[response]);
            results[i] = (v.Strict.Passed, v.Loose.Passed, ResultJson(v, kwargs.GetValue(constraint, KwargsJson), buffer));
            return buffer;
        }, _ => { });

        int allStrict = 0, allLoose = 0, instructions = 0, strict = 0, loose = 0;
        var line = new ArrayBufferWriter<byte>(1 << 12);
        using var writer = new Utf8JsonWriter(line, WriterOptions);
        for (int i = 0; i < lines.Count; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var ids = pairOf[i];
            bool followStrict = true, followLoose = true;
            foreach (var id in ids)
            {
                followStrict &= results[id].Strict;
                followLoose &= results[id].Loose;
                if (results[id].Strict) strict++;
                if (results[id].Loose) loose++;
            }
            instructions += ids.Length;
            if (followStrict) allStrict++;
            if (followLoose) allLoose++;

            line.ResetWrittenCount();
            writer.Reset(line);
            writer.WriteStartObject();
            writer.WritePropertyName("key"u8);
            writer.WriteRawValue(lines[i].KeyJson, skipInputValidation: true);
            writer.WriteBoolean("follow_all_strict"u8, followStrict);
            writer.WriteBoolean("follow_all_loose"u8, followLoose);
            writer.WriteStartArray("results"u8);
            foreach (var id in ids) writer.WriteRawValue(results[id].Json, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            output.Write(line.WrittenSpan);
            output.WriteByte((byte)'\n');
        }
        await output.FlushAsync(cancellationToken);
        return new CheckCounts(lines.Count, allStrict, allLoose, instructions, strict, loose);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ConstraintJson.Options.Encoder };

    private static byte[] KwargsJson(Constraint c) => JsonSerializer.SerializeToUtf8Bytes(c.Args, ConstraintJson.Options);

    private static byte[] ResultJson(ConstraintVerdict v, byte[] kwargs, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("instruction_id"u8, v.Constraint.InstructionId);
            w.WritePropertyName("kwargs"u8);
            w.WriteRawValue(kwargs, skipInputValidation: true);
            w.WriteBoolean("strict"u8, v.Strict.Passed);
            w.WriteBoolean("loose"u8, v.Loose.Passed);
            w.WriteNumber("score"u8, Math.Round(v.Strict.Score, 4));
            w.WriteString("reason"u8, v.Strict.Reason);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class PairComparer : IEqualityComparer<(Constraint, string)>
    {
        public static readonly PairComparer Instance = new();
        public bool Equals((Constraint, string) x, (Constraint, string) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);
        public int GetHashCode((Constraint, string) p) => HashCode.Combine(RuntimeHelpers.GetHashCode(p.Item1), RuntimeHelpers.GetHashCode(p.Item2));
    }
}
