namespace AgentGateway.Proxy.A2a;

/// <summary>
/// Passes every write on to <paramref name="inner"/> (the response streams as before) and keeps a copy of the first
/// <paramref name="limit"/> bytes, from which the JSON-RPC outcome is read once the response is done.
/// </summary>
internal sealed class CapturingWriteStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream _captured = new();

    /// <summary>The first bytes written (at most the limit).</summary>
    public ReadOnlySpan<byte> Captured => _captured.GetBuffer().AsSpan(0, (int)_captured.Length);

    /// <summary>Whether everything written was captured.</summary>
    public bool IsComplete { get; private set; } = true;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Capture(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Capture(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Releases the copy; the inner stream is not this stream's to close.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _captured.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Capture(ReadOnlySpan<byte> data)
    {
        var room = limit - (int)_captured.Length;
        if (data.Length > room)
        {
            IsComplete = false;
            data = data[..Math.Max(0, room)];
        }

        _captured.Write(data);
    }
}
