using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Strings of a large JSON-lines file that repeat (the same answer, prompt or kwargs on thousands of lines), kept once
/// each and found again by their raw bytes in the line: a repeat costs a hash of its bytes, not unescaping,
/// transcoding and hashing a new string. The same raw bytes are the same string; two spellings of one string are two
/// entries holding one string object (the ordinal pool behind).
/// </summary>
internal sealed class RawStringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<byte[], string> _raw = new(RawBytes.Instance);
    private readonly ConcurrentDictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _rawLookup;

    public RawStringPool() => _rawLookup = _raw.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The one string object equal to <paramref name="s"/>.</summary>
    public string Intern(string s) => _strings.GetOrAdd(s, s);

    /// <summary>The string token the reader is on, as the pool's one object for it.</summary>
    public string Read(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence) return Intern(reader.GetString()!);
        var raw = reader.ValueSpan;
        if (_rawLookup.TryGetValue(raw, out var known)) return known;
        var s = Intern(reader.GetString()!);
        _rawLookup.TryAdd(raw, s);
        return s;
    }

    /// <summary>UTF-8 text (a JSON value as written in the line), as the pool's one string for those bytes.</summary>
    public string Text(ReadOnlySpan<byte> utf8)
    {
        if (_rawLookup.TryGetValue(utf8, out var known)) return known;
        var s = Intern(Encoding.UTF8.GetString(utf8));
        _rawLookup.TryAdd(utf8, s);
        return s;
    }

    private sealed class RawBytes : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly RawBytes Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] bytes) => GetHashCode((ReadOnlySpan<byte>)bytes);
        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }
    }
}
