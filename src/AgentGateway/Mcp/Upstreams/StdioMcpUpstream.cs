using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AgentGateway.Config.Model;
using AgentGateway.Mcp.Protocol;
using AgentGateway.Telemetry;
using ModelContextProtocol.Protocol;

namespace AgentGateway.Mcp.Upstreams;

/// <summary>
/// A stdio MCP server: a child process speaking newline-delimited JSON-RPC on stdin/stdout.
/// </summary>
/// <remarks>
/// Our own framing rather than the SDK's stdio transport, for speed (measured with bench/): each message is one
/// <c>write()</c> of the JSON and its newline (the SDK makes two, which costs the node backend ~20–40 µs per call),
/// and replies are parsed straight from the pipe's bytes. The pipes are read and written through <see cref="Socket"/>s
/// on their descriptors (what <see cref="System.IO.Pipes.PipeStream"/> does underneath on Unix, without its async
/// state machine per read and write and without a <see cref="System.IO.Pipelines.PipeReader"/> on top): a write that
/// the pipe takes at once completes synchronously, and lines are cut from one reusable buffer. The process tree is
/// ended with the upstream.
/// </remarks>
internal sealed partial class StdioMcpUpstream : IMcpUpstream
{
    private const int MaxLineBytes = 64 * 1024 * 1024;

    /// <summary>Longest stderr line logged; the rest of a longer one is dropped.</summary>
    internal const int MaxStderrLineChars = 8 * 1024;
    private const int ReadBufferBytes = 16 * 1024;
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromMilliseconds(500);
    private readonly Process _process;
    // The process owns the pipes' descriptors (closed with its streams); the sockets only do the I/O on them.
    private readonly Stream _stdinStream;
    private readonly Socket _stdin;
    private readonly Socket _stdout;
    private readonly ILogger _logger;
    // The reader (UpstreamConnection's loop) only dispatches and goes back to waiting, so it may run inline on this
    // pipe-reading thread: one thread-pool hop less per message. The byte path relies on it too (Dispatch): a message
    // written to the channel has been handled by the time the next line is read, so an answer taken as bytes can never
    // overtake a progress notification that came before it.
    private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _writeBuffer = new(4096);
    private readonly Utf8JsonWriter _jsonWriter;
    private readonly Task _readLoop;
    private readonly Task _stderrLoop;
    private int _disposed;

    private StdioMcpUpstream(string target, Process process, ILogger logger)
    {
        Target = target;
        _process = process;
        _logger = logger;
        _stdinStream = process.StandardInput.BaseStream;
        _stdin = PipeSocket(_stdinStream);
        _stdout = PipeSocket(process.StandardOutput.BaseStream);
        _jsonWriter = new Utf8JsonWriter(_writeBuffer, new JsonWriterOptions { SkipValidation = true, Encoder = McpJson.Options.Encoder });
        _readLoop = Task.Run(ReadLoopAsync);
        _stderrLoop = Task.Run(StderrLoopAsync);
    }

    public string Target { get; }

    /// <summary>
    /// A socket doing I/O on a pipe's descriptor, which stays owned by the pipe stream (Unix: the same thing the stream
    /// does lazily on its first read or write; the stream itself is never read or written, so only one socket is
    /// registered with the event loop for the descriptor).
    /// </summary>
    private static Socket PipeSocket(Stream stream) =>
        new(new SafeSocketHandle(((PipeStream)stream).SafePipeHandle.DangerousGetHandle(), ownsHandle: false));

    /// <summary>The child process's id (for the admin API's session list).</summary>
    public int ProcessId { get; private init; }

    public ChannelReader<JsonRpcMessage> Messages => _messages.Reader;

    /// <summary>
    /// Where answers to requests relayed as bytes go without being parsed (set once by the connection that owns this
    /// upstream); null, every line is parsed.
    /// </summary>
    public IRawAnswerReceiver? RawAnswers { get; set; }

    /// <summary>Starts the process.</summary>
    /// <param name="target">The target name.</param>
    /// <param name="config">Command, arguments and environment.</param>
    /// <param name="logger">Logs the process's life and its stderr.</param>
    /// <param name="metrics">Counts processes started, failed and exited; null where nothing is measured (unit tests).</param>
    /// <param name="environment">What the process does not inherit from the gateway's environment; default nothing.</param>
    /// <exception cref="McpUpstreamException">The command could not be started.</exception>
    public static StdioMcpUpstream Start(string target, StdioTargetConfig config, ILogger logger, GatewayMetrics? metrics = null, StdioEnvironment? environment = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = config.Cmd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in config.Args)
        {
            start.ArgumentList.Add(arg);
        }

        if (config.ClearEnv)
        {
            // Only the configured variables, plus PATH so that launchers such as npx can find node (PATH is not a secret).
            var path = Environment.GetEnvironmentVariable("PATH");
            start.Environment.Clear();
            if (path is not null)
            {
                start.Environment["PATH"] = path;
            }
        }

        foreach (var name in (environment ?? StdioEnvironment.Inherited).Withheld)
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in config.Env)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        if (metrics is not null)
        {
            // Raised once, whether the gateway ended the process or it died on its own.
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => metrics.StdioProcessExited(target);
        }

        try
        {
            if (!process.Start())
            {
                metrics?.StdioProcessFailed(target);
                throw new McpUpstreamException(target, McpUpstreamError.StartFailed, $"MCP target '{target}' failed to start: command '{config.Cmd}' did not start");
            }
        }
        catch (Win32Exception ex)
        {
            metrics?.StdioProcessFailed(target);
            process.Dispose();
            throw new McpUpstreamException(target, McpUpstreamError.StartFailed,
                $"MCP target '{target}' failed to start: command '{config.Cmd}': {ex.Message}", ex);
        }

        metrics?.StdioProcessStarted(target);
        Log.ProcessStarted(logger, target, process.Id);
        return new StdioMcpUpstream(target, process, logger) { ProcessId = process.Id };
    }

    public Task SendAsync(JsonRpcMessage message, CancellationToken cancellationToken) =>
        WriteLineAsync(static (self, message) =>
        {
            self._jsonWriter.Reset(self._writeBuffer);
            McpJson.Write(self._jsonWriter, message);
            self._jsonWriter.Flush();
        }, message, cancellationToken);

    /// <summary>
    /// Sends a client request as the client wrote it, with <paramref name="upstreamId"/> in place of its id: one write of
    /// the bytes and a newline, nothing parsed or serialized. Line breaks between tokens (valid JSON may have them) become
    /// spaces, so the message stays on one line.
    /// </summary>
    public Task SendRawRequestAsync(RawJsonRpcRequest request, long upstreamId, CancellationToken cancellationToken) =>
        WriteLineAsync(static (self, state) =>
        {
            var (request, upstreamId) = state;
            Span<byte> id = stackalloc byte[20];
            upstreamId.TryFormat(id, out var idLength, provider: CultureInfo.InvariantCulture);
            var body = request.Body;
            var span = self._writeBuffer.GetSpan(body.Length - request.IdLength + idLength);
            var message = span[..RawJsonRpc.CopyWithId(body, request.IdStart, request.IdLength, id[..idLength], span)];
            message.Replace((byte)'\n', (byte)' ');
            message.Replace((byte)'\r', (byte)' ');
            self._writeBuffer.Advance(message.Length);
        }, (request, upstreamId), cancellationToken);

    /// <summary>
    /// Writes one message and its newline to the process's input in one write, under the write lock: <paramref name="fill"/>
    /// puts the message in the (emptied) write buffer. When the lock is free and the pipe takes the whole message at once
    /// (the usual case), this completes synchronously.
    /// </summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> cancels the wait for the lock, never a write begun: a message cut short
    /// would run into the next one, and the process would read neither (a large message to a process reading slowly
    /// is written in parts, as the pipe drains). A write that never ends (a process that stopped reading) is ended by
    /// <see cref="DisposeAsync"/>, which closes the input after a grace period.
    /// </remarks>
    private Task WriteLineAsync<TState>(Action<StdioMcpUpstream, TState> fill, TState state, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        if (!_writeLock.Wait(0, CancellationToken.None))
        {
            return WriteLineLockedAsync(fill, state, cancellationToken);
        }

        var release = true;
        try
        {
            FillLine(fill, state);
            var sent = _stdin.SendAsync(_writeBuffer.WrittenMemory, SocketFlags.None, CancellationToken.None);
            if (sent.IsCompletedSuccessfully)
            {
#pragma warning disable CA2012 // Consumed once: Result is read only after IsCompletedSuccessfully, and then never awaited.
                var count = sent.Result;
#pragma warning restore CA2012
                if (count == _writeBuffer.WrittenCount)
                {
                    return Task.CompletedTask;
                }

                release = false;
                return FinishWriteAsync(ValueTask.FromResult(count));
            }

            release = false;
            return FinishWriteAsync(sent);
        }
        catch (Exception ex) when (IsClosedError(ex))
        {
            return Task.FromException(Closed(ex));
        }
        finally
        {
            if (release)
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>The write when another one holds the lock: waits for it, then writes.</summary>
    private async Task WriteLineLockedAsync<TState>(Action<StdioMcpUpstream, TState> fill, TState state, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            FillLine(fill, state);
            await SendAllAsync(0);
        }
        catch (Exception ex) when (IsClosedError(ex))
        {
            throw Closed(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The end of a write the pipe did not take at once (full pipe, or a part taken); releases the lock.</summary>
    private async Task FinishWriteAsync(ValueTask<int> sent)
    {
        try
        {
            await SendAllAsync(await sent);
        }
        catch (Exception ex) when (IsClosedError(ex))
        {
            throw Closed(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends the rest of the write buffer from <paramref name="offset"/> (a pipe may take a large write in parts).</summary>
    private async ValueTask SendAllAsync(int offset)
    {
        var message = _writeBuffer.WrittenMemory;
        while (offset < message.Length)
        {
            offset += await _stdin.SendAsync(message[offset..], SocketFlags.None, CancellationToken.None);
        }
    }

    private void FillLine<TState>(Action<StdioMcpUpstream, TState> fill, TState state)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _writeBuffer.ResetWrittenCount();
        fill(this, state);
        _writeBuffer.GetSpan(1)[0] = (byte)'\n';
        _writeBuffer.Advance(1);
    }

    private static bool IsClosedError(Exception ex) => ex is IOException or ObjectDisposedException or SocketException;

    private McpUpstreamException Closed(Exception ex) =>
        new(Target, McpUpstreamError.Closed, $"MCP target '{Target}' closed its input: {ex.Message}", ex);

    /// <summary>
    /// Reads the process's output and dispatches each line, from one buffer: lines are cut where they lie (no copy), the
    /// unfinished rest moves to the front when the buffer is full, and the buffer doubles for a longer line (up to
    /// <see cref="MaxLineBytes"/>, then shrinks back once it is empty).
    /// </summary>
    private async Task ReadLoopAsync()
    {
        Exception? error = null;
        var buffer = GC.AllocateUninitializedArray<byte>(ReadBufferBytes);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        if (buffer.Length > MaxLineBytes)
                        {
                            throw new InvalidDataException($"a message from MCP target '{Target}' exceeds {MaxLineBytes} bytes");
                        }

                        var larger = GC.AllocateUninitializedArray<byte>(Math.Min(buffer.Length * 2, MaxLineBytes + 1));
                        buffer.AsSpan(0, end).CopyTo(larger);
                        buffer = larger;
                    }
                }

                var read = await _stdout.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                var scan = end;
                end += read;
                int newline;
                while ((newline = buffer.AsSpan(scan, end - scan).IndexOf((byte)'\n')) >= 0)
                {
                    var lineEnd = scan + newline;
                    Dispatch(buffer.AsSpan(start, lineEnd - start));
                    start = scan = lineEnd + 1;
                }

                if (start == end)
                {
                    start = end = 0;
                    if (buffer.Length > ReadBufferBytes)
                    {
                        buffer = GC.AllocateUninitializedArray<byte>(ReadBufferBytes);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            error = ex;
        }
        finally
        {
            _stdout.Dispose();
            _messages.Writer.TryComplete(error is InvalidDataException ? error : null);
        }
    }

    private void Dispatch(ReadOnlySpan<byte> line)
    {
        if (IsBlank(line))
        {
            return;
        }

        // An answer to a request relayed as bytes goes back as bytes, unless parsed messages are still queued ahead of it
        // (a progress notification must reach the client's stream before the answer that ends it).
        if (RawAnswers is { } raw && !_messages.Reader.TryPeek(out _) && RawJsonRpc.TryParseAnswer(line, out var info) && raw.TryReceive(line, info))
        {
            return;
        }

        JsonRpcMessage? message;
        try
        {
            var reader = new Utf8JsonReader(line);
            message = JsonSerializer.Deserialize(ref reader, McpJson.MessageTypeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Servers sometimes print banners on stdout; such a line is not a message.
            Log.NonJsonLine(_logger, Target, line.Length);
            return;
        }

        if (message is not null)
        {
            _messages.Writer.TryWrite(message);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \r\t"u8) < 0;

    /// <summary>
    /// Logs the process's stderr at debug level, a line per entry (<c>\n</c>, <c>\r</c> and <c>\r\n</c> end a line;
    /// empty lines are skipped); above debug it is read and dropped, with no string made. A line is cut at
    /// <see cref="MaxStderrLineChars"/>: a process writing without line breaks (a binary dump, a runaway progress bar)
    /// must not grow the gateway's memory.
    /// </summary>
    private async Task StderrLoopAsync()
    {
        var reader = _process.StandardError;
        var chunk = new char[4096];
        var line = new StringBuilder();
        var cut = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(chunk)) > 0)
            {
                if (!_logger.IsEnabled(LogLevel.Debug))
                {
                    // Drained, not kept: the level can go up at run time (admin /logging), and then lines are logged again.
                    line.Clear();
                    cut = false;
                    continue;
                }

                var rest = chunk.AsSpan(0, read);
                while (!rest.IsEmpty)
                {
                    var end = rest.IndexOfAny('\n', '\r');
                    var part = end < 0 ? rest : rest[..end];
                    var room = MaxStderrLineChars - line.Length;
                    line.Append(part[..Math.Min(part.Length, room)]);
                    cut |= part.Length > room;
                    if (end < 0)
                    {
                        break;
                    }

                    FlushStderrLine(line, ref cut);
                    rest = rest[(end + 1)..];
                }
            }

            FlushStderrLine(line, ref cut);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone.
        }
    }

    private void FlushStderrLine(StringBuilder line, ref bool cut)
    {
        if (line.Length > 0)
        {
            Log.Stderr(_logger, Target, cut ? line.Append(" …(line cut at ").Append(MaxStderrLineChars).Append(" characters)").ToString() : line.ToString());
        }

        line.Clear();
        cut = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Close stdin (most servers exit on end of input), give the process a moment, then end the whole tree.
        // The write lock keeps the close from cutting a message in half; writers queued behind it then fail fast.
        var locked = await _writeLock.WaitAsync(s_exitGrace);
        try
        {
            _stdin.Dispose();
            _stdinStream.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            if (locked)
            {
                _writeLock.Release();
            }
        }

        try
        {
            using var grace = new CancellationTokenSource(s_exitGrace);
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }

        await Task.WhenAll(_readLoop, _stderrLoop).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(static _ => { }, TaskScheduler.Default);
        // Ends a read still waiting (a descendant that kept the output open) before the process closes the descriptor.
        _stdout.Dispose();
        var exitCode = _process.HasExited ? _process.ExitCode : -1;
        Log.ProcessEnded(_logger, Target, _process.Id, exitCode);
        _process.Dispose();
        _jsonWriter.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "MCP target '{Target}' started as process {Pid}.")]
        public static partial void ProcessStarted(ILogger logger, string target, int pid);

        [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "MCP target '{Target}' process {Pid} ended (exit code {ExitCode}).")]
        public static partial void ProcessEnded(ILogger logger, string target, int pid, int exitCode);

        [LoggerMessage(EventId = 2013, Level = LogLevel.Debug, Message = "[{Target} stderr] {Line}")]
        public static partial void Stderr(ILogger logger, string target, string line);

        [LoggerMessage(EventId = 2014, Level = LogLevel.Debug, Message = "MCP target '{Target}' wrote a {Length}-byte line that is not JSON-RPC on stdout; ignored.")]
        public static partial void NonJsonLine(ILogger logger, string target, int length);
    }
}
