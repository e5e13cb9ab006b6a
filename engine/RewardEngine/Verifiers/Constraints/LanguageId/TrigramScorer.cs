using System.Numerics;
using System.Runtime.CompilerServices;

namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// One thread's scoring state for <see cref="TrigramLanguageDetector"/>: the set of trigrams seen in the current text
/// (stamped per text, never cleared) and the rows of what each trigram adds to each language's sum (Lingua's back-off:
/// trigram, else its first two chars, else its first char; NaN: nothing), kept flat and found by open addressing.
/// A row depends on the trigram and the table alone, so it is worked out once per thread; nothing is shared or locked.
/// </summary>
internal sealed class TrigramScorer(NgramTable table)
{
    private const int MaxRows = 1 << 16; // past this many (9 MB with 17 languages), rows are worked out and not kept
    private readonly int _languages = table.Languages;

    private ulong[] _seenKeys = new ulong[1 << 12];
    private int[] _seenStamps = new int[1 << 12];
    private int _stamp;

    private ulong[] _rowKeys = new ulong[1 << 12];
    private int[] _rowIndex = new int[1 << 12];
    private double[] _rows = new double[2048 * table.Languages];
    private int _rowCount;

    /// <summary>
    /// Adds, per language, the contribution of each distinct all-letter trigram of <paramref name="cleaned"/> to
    /// <paramref name="sums"/>, in the order of first occurrence (Lingua's order, so the sums are the same doubles).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddTrigrams(string cleaned, double[] sums)
    {
        StartText(cleaned.Length);
        var text = cleaned.AsSpan();
        for (int i = 0; i + 3 <= text.Length; i++)
        {
            if (!char.IsLetter(text[i + 2])) { i += 2; continue; } // no trigram starting at i, i+1 or i+2 holds it
            if (!char.IsLetter(text[i + 1])) { i += 1; continue; }
            if (!char.IsLetter(text[i])) continue;
            var slice = text.Slice(i, 3);
            var key = NgramModelFile.Key(slice);
            if (!FirstTime(key)) continue;
            var row = Row(key, slice);
            for (int l = 0; l < row.Length; l++)
                if (!double.IsNaN(row[l])) sums[l] += row[l];
        }
    }

    private void StartText(int length)
    {
        int wanted = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, length * 2));
        if (_seenKeys.Length < wanted)
        {
            _seenKeys = new ulong[wanted];
            _seenStamps = new int[wanted];
            _stamp = 0;
        }
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seenStamps);
            _stamp = 1;
        }
    }

    private bool FirstTime(ulong key)
    {
        int mask = _seenKeys.Length - 1;
        for (int slot = Hash(key) & mask; ; slot = (slot + 1) & mask)
        {
            if (_seenStamps[slot] != _stamp)
            {
                _seenStamps[slot] = _stamp;
                _seenKeys[slot] = key;
                return true;
            }
            if (_seenKeys[slot] == key) return false;
        }
    }

    private ReadOnlySpan<double> Row(ulong key, ReadOnlySpan<char> trigram)
    {
        int mask = _rowKeys.Length - 1;
        int slot = Hash(key) & mask;
        for (; _rowKeys[slot] != 0; slot = (slot + 1) & mask)
            if (_rowKeys[slot] == key) return _rows.AsSpan(_rowIndex[slot] * _languages, _languages);
        if (_rowCount >= MaxRows)
        {
            var loose = new double[_languages];
            Fill(key, trigram, loose);
            return loose;
        }
        if (_rows.Length < (_rowCount + 1) * _languages) Array.Resize(ref _rows, _rows.Length * 2);
        var row = _rows.AsSpan(_rowCount * _languages, _languages);
        Fill(key, trigram, row);
        _rowKeys[slot] = key;
        _rowIndex[slot] = _rowCount++;
        if (_rowCount * 2 > _rowKeys.Length) Grow();
        return row;
    }

    private void Fill(ulong key, ReadOnlySpan<char> trigram, Span<double> row)
    {
        Span<double> bigram = stackalloc double[_languages], unigram = stackalloc double[_languages];
        row.Fill(double.NaN);
        bigram.Fill(double.NaN);
        unigram.Fill(double.NaN);
        table.Fill(key, row);
        table.Fill(NgramModelFile.Key(trigram[..2]), bigram);
        table.Fill(NgramModelFile.Key(trigram[..1]), unigram);
        for (int l = 0; l < row.Length; l++)
            if (double.IsNaN(row[l])) row[l] = double.IsNaN(bigram[l]) ? unigram[l] : bigram[l];
    }

    private void Grow()
    {
        var keys = _rowKeys;
        var index = _rowIndex;
        _rowKeys = new ulong[keys.Length * 2];
        _rowIndex = new int[keys.Length * 2];
        int mask = _rowKeys.Length - 1;
        for (int s = 0; s < keys.Length; s++)
        {
            if (keys[s] == 0) continue;
            int slot = Hash(keys[s]) & mask;
            while (_rowKeys[slot] != 0) slot = (slot + 1) & mask;
            _rowKeys[slot] = keys[s];
            _rowIndex[slot] = index[s];
        }
    }

    private static int Hash(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32);
}
