using System.Runtime.InteropServices;

namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// The n-gram log-probabilities of several languages in one table: one hash lookup per n-gram gives every
/// language's value at once (NaN where a language's model lacks the n-gram), instead of one lookup per language in
/// tables too large for the cache together. The table is flat arrays (an open-addressing index of the n-gram keys,
/// and each n-gram's entries), so it can be written to a file and read back in one go (<see cref="NgramTableCache"/>).
/// </summary>
internal sealed class NgramTable
{
    private const uint Magic = 0x5447524E; // "NRGT"
    private const int Version = 1;

    private readonly ulong[] _slots;        // open addressing, linear probing; 0 is empty (a key holds its length, >= 1)
    private readonly int[] _slotIds;        // the n-gram id of each occupied slot
    private readonly int[] _start;          // entries of n-gram i: [_start[i], _start[i + 1])
    private readonly byte[] _language;
    private readonly double[] _logProbability;

    public int Languages { get; }

    private NgramTable(int languages, ulong[] slots, int[] slotIds, int[] start, byte[] language, double[] logProbability)
    {
        Languages = languages;
        _slots = slots;
        _slotIds = slotIds;
        _start = start;
        _language = language;
        _logProbability = logProbability;
    }

    /// <param name="models">Per language, in slot order, its keys and log-probabilities (<see cref="NgramModelFile.Read"/>).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // run once, over ~10^5 n-grams
    public static NgramTable Build(IReadOnlyList<(ulong[] Keys, double[] LogProbabilities)> models)
    {
        if (models.Count > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(models), "at most 255 languages");
        // At most three quarters full (the keys of all models bound the distinct n-grams), so probes stay short.
        long keysInAll = models.Sum(m => (long)m.Keys.Length);
        int capacity = 16;
        while (capacity * 3L < keysInAll * 4) capacity *= 2;
        var slots = new ulong[capacity];
        var slotIds = new int[capacity];
        var ids = new int[models.Count][];
        var counts = new List<int>();
        for (int l = 0; l < models.Count; l++)
        {
            var keys = models[l].Keys;
            ids[l] = new int[keys.Length];
            for (int k = 0; k < keys.Length; k++)
            {
                var slot = Probe(slots, keys[k]);
                if (slots[slot] == 0)
                {
                    slots[slot] = keys[k];
                    slotIds[slot] = counts.Count;
                    counts.Add(0);
                }
                var id = slotIds[slot];
                counts[id]++;
                ids[l][k] = id;
            }
        }
        var start = new int[counts.Count + 1];
        for (int i = 0; i < counts.Count; i++) start[i + 1] = start[i] + counts[i];
        var next = start[..^1];
        var language = new byte[start[^1]];
        var logProbability = new double[start[^1]];
        for (int l = 0; l < models.Count; l++)
            for (int k = 0; k < ids[l].Length; k++)
            {
                var at = next[ids[l][k]]++;
                language[at] = (byte)l;
                logProbability[at] = models[l].LogProbabilities[k];
            }
        return new NgramTable(models.Count, slots, slotIds, start, language, logProbability);
    }

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go.</summary>
    private static int Probe(ulong[] slots, ulong key)
    {
        int mask = slots.Length - 1;
        int slot = (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & mask;
        while (slots[slot] != 0 && slots[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    /// <summary>Writes each language's log-probability of the n-gram into <paramref name="into"/>; NaN stays where a language lacks it.</summary>
    public void Fill(ulong key, Span<double> into)
    {
        var slot = Probe(_slots, key);
        if (_slots[slot] == 0) return;
        var id = _slotIds[slot];
        for (int e = _start[id]; e < _start[id + 1]; e++) into[_language[e]] = _logProbability[e];
    }

    /// <summary>The table as bytes: a header, then each array (little-endian, as this machine lays them out).</summary>
    public byte[] ToBytes()
    {
        var header = new int[] { (int)Magic, Version, Languages, _slots.Length, _start.Length, _language.Length };
        using var buffer = new MemoryStream();
        buffer.Write(MemoryMarshal.AsBytes(header.AsSpan()));
        buffer.Write(MemoryMarshal.AsBytes(_slots.AsSpan()));
        buffer.Write(MemoryMarshal.AsBytes(_slotIds.AsSpan()));
        buffer.Write(MemoryMarshal.AsBytes(_start.AsSpan()));
        buffer.Write(_language);
        buffer.Write(MemoryMarshal.AsBytes(_logProbability.AsSpan()));
        return buffer.ToArray();
    }

    /// <summary>The table <see cref="ToBytes"/> wrote, or null when the bytes are not exactly such a table.</summary>
    public static NgramTable? FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!BitConverter.IsLittleEndian || bytes.Length < 24) return null;
        var h = MemoryMarshal.Cast<byte, int>(bytes[..24]);
        if ((uint)h[0] != Magic || h[1] != Version || h[2] is < 0 or > byte.MaxValue) return null;
        int slots = h[3], starts = h[4], entries = h[5];
        if (slots <= 0 || (slots & (slots - 1)) != 0 || starts < 1 || entries < 0) return null;
        long expected = 24L + slots * 12L + starts * 4L + entries * 9L;
        if (bytes.Length != expected) return null;
        var rest = bytes[24..];
        var slotKeys = MemoryMarshal.Cast<byte, ulong>(rest[..(slots * 8)]).ToArray(); rest = rest[(slots * 8)..];
        var slotIds = MemoryMarshal.Cast<byte, int>(rest[..(slots * 4)]).ToArray(); rest = rest[(slots * 4)..];
        var start = MemoryMarshal.Cast<byte, int>(rest[..(starts * 4)]).ToArray(); rest = rest[(starts * 4)..];
        var language = rest[..entries].ToArray(); rest = rest[entries..];
        var logProbability = MemoryMarshal.Cast<byte, double>(rest).ToArray();
        // Every id and range must stay inside the arrays, so a damaged file can never index out of them.
        if (start[0] != 0 || start[^1] != entries) return null;
        for (int i = 1; i < start.Length; i++) if (start[i] < start[i - 1]) return null;
        for (int s = 0; s < slots; s++) if (slotKeys[s] != 0 && (uint)slotIds[s] >= (uint)(starts - 1)) return null;
        foreach (var l in language) if (l >= h[2]) return null;
        return new NgramTable(h[2], slotKeys, slotIds, start, language, logProbability);
    }
}
