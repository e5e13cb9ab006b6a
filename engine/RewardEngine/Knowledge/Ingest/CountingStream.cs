namespace RewardEngine.Knowledge.Ingest;

/// <summary>A read-only pass-through stream that counts bytes, readable from another thread for progress.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override int Read(byte[] buffer, int offset, int count) => Add(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Add(inner.Read(buffer));
    public override int ReadByte()
    {
        int b = inner.ReadByte();
        if (b >= 0) Interlocked.Increment(ref _count);
        return b;
    }

    private int Add(int n)
    {
        Interlocked.Add(ref _count, n);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => Count; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
