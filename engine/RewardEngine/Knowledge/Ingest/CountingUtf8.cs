using System.Text;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// UTF-8 decoding that replaces each invalid byte sequence with U+FFFD, as readers of large dumps must, and counts
/// the replacements so that the run says how many it made and where the first one was (never silently).
/// </summary>
internal sealed class CountingUtf8
{
    private readonly Fallback _fallback = new();
    private long _attributed;

    public CountingUtf8()
    {
        // Encodings made by a constructor are read-only; a clone takes a fallback.
        var encoding = (UTF8Encoding)new UTF8Encoding(false, false).Clone();
        encoding.DecoderFallback = _fallback;
        Encoding = encoding;
    }

    /// <summary>The encoding to read with.</summary>
    public Encoding Encoding { get; }

    /// <summary>Invalid sequences replaced so far.</summary>
    public long Replaced => Interlocked.Read(ref _fallback.Count);

    /// <summary>Where the first replacement was, once known.</summary>
    public string? FirstAt { get; private set; }

    /// <summary>
    /// Attributes replacements made while decoding ahead to the text just read (a decoder works in blocks): the first
    /// location holding U+FFFD after a replacement was counted is where it was.
    /// </summary>
    public void Note(string text, string location)
    {
        if (Replaced <= _attributed || !text.Contains('\uFFFD')) return;
        FirstAt ??= location;
        _attributed += Math.Min(text.Count(c => c == '\uFFFD'), Replaced - _attributed);
    }

    private sealed class Fallback : DecoderFallback
    {
        public long Count;
        public override int MaxCharCount => 1;
        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(Fallback owner) : DecoderFallbackBuffer
        {
            private int _remaining;
            public override int Remaining => _remaining;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                Interlocked.Increment(ref owner.Count);
                _remaining = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_remaining == 0) return '\0';
                _remaining = 0;
                return '\uFFFD';
            }

            public override bool MovePrevious() => false;
            public override void Reset() => _remaining = 0;
        }
    }
}
