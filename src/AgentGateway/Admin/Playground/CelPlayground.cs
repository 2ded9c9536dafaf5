using System.Net;
using System.Text.Json;
using AgentGateway.Cel;

namespace AgentGateway.Admin.Playground;

/// <summary>
/// <c>POST /cel/evaluate</c>: compiles a rule in the environment the configuration's rules are compiled in
/// (<see cref="GatewayCel.RequestRules"/> or <see cref="GatewayCel.McpRules"/>) and evaluates it against pasted claims and
/// request, with the same variable shapes a real request gets (<see cref="RequestCelContext"/>, <see cref="McpCelContext"/>).
/// </summary>
/// <remarks>
/// <para>
/// Bounded, because a CEL expression can be made to work hard (nested comprehensions over a long claim): the body is at
/// most <see cref="MaxBodyBytes"/>, the expression <see cref="MaxExpressionLength"/> characters, and one evaluation runs at
/// a time, answered as too slow after <see cref="Deadline"/>. The engine cannot stop an evaluation midway, so a runaway
/// one keeps its thread until it ends and further evaluations are refused (429) meanwhile: at most one core is spent.
/// The admin address is trusted (it can stop the gateway); these limits are against accidents, not attacks.
/// </para>
/// <para>Claims are evaluated and discarded: nothing is logged or kept.</para>
/// </remarks>
internal sealed class CelPlayground : IDisposable
{
    /// <summary>Largest request body.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Longest expression (a rule of a configuration is rarely a tenth of it).</summary>
    public const int MaxExpressionLength = 4096;

    /// <summary>Longest value text returned; a longer one is cut and ends with <c>…</c>.</summary>
    public const int MaxValueLength = 16 * 1024;

    /// <summary>How long an evaluation may take before the answer says it is too slow.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;

    public CelPlayground(TimeProvider time) => _time = time;

    /// <summary>Compiles and evaluates; the status is 200 with a value, 422 for a compile or evaluation error, 413/429 over a limit, 400 for a malformed request.</summary>
    public async Task<(int Status, CelEvaluateResult Result)> EvaluateAsync(CelEvaluateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Expression))
        {
            return Fail(StatusCodes.Status400BadRequest, "request", "give the rule as \"expression\"");
        }

        if (request.Expression.Length > MaxExpressionLength)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "limit", $"the expression is longer than {MaxExpressionLength} characters");
        }

        if (request.Claims is { } claims && claims.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return Fail(StatusCodes.Status400BadRequest, "request", "\"claims\" must be a JSON object (the token's payload), or left out for an anonymous request");
        }

        var mcp = string.Equals(request.Environment, "mcpAuthorization", StringComparison.Ordinal);
        if (!mcp && request.Environment is not (null or "authorization"))
        {
            return Fail(StatusCodes.Status400BadRequest, "request", "\"environment\" is 'authorization' (the default) or 'mcpAuthorization'");
        }

        var kind = request.Mcp?.Kind ?? "tool";
        if (kind is not ("tool" or "prompt" or "resource"))
        {
            return Fail(StatusCodes.Status400BadRequest, "request", "\"mcp.kind\" is 'tool', 'prompt' or 'resource'");
        }

        CelProgram program;
        try
        {
            program = (mcp ? GatewayCel.McpRules : GatewayCel.RequestRules).Compile(request.Expression);
        }
        catch (CelCompileException ex)
        {
            return (StatusCodes.Status422UnprocessableEntity,
                new CelEvaluateResult(Error: new CelPlaygroundError("compile", ex.Message, ex.Line == 0 ? null : ex.Line, ex.Column == 0 ? null : ex.Column)));
        }

        var activation = Activation(request, mcp, kind);
        if (!await _gate.WaitAsync(0, cancellationToken))
        {
            return Fail(StatusCodes.Status429TooManyRequests, "limit", "an earlier evaluation is still running; try again when it ends");
        }

        var evaluation = Task.Run(() =>
        {
            try
            {
                return Describe(program.Evaluate(activation));
            }
            catch (OutOfMemoryException)
            {
                return new CelEvaluateResult(Error: new CelPlaygroundError("limit", "the evaluation ran out of memory"));
            }
            finally
            {
                _gate.Release();
            }
        }, CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Task.Delay(Deadline, _time, timeout.Token);
        if (await Task.WhenAny(evaluation, deadline) != evaluation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Fail(StatusCodes.Status422UnprocessableEntity, "limit",
                $"the evaluation did not finish within {Deadline.TotalSeconds:0} s; a rule that slow would slow every request");
        }

        await timeout.CancelAsync();
        var result = await evaluation;
        return (result.Error is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, result);
    }

    private static ICelActivation Activation(CelEvaluateRequest request, bool mcp, string kind)
    {
        var context = new DefaultHttpContext();
        var http = context.Request;
        http.Method = request.Request?.Method ?? HttpMethods.Post;
        http.Path = request.Request?.Path is { Length: > 0 } path && path[0] == '/' ? new PathString(path) : new PathString("/mcp");
        http.Host = new HostString(request.Request?.Host ?? "localhost");
        http.Scheme = "http";
        foreach (var (name, value) in request.Request?.Headers ?? new Dictionary<string, string>())
        {
            http.Headers[name] = value;
        }

        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        var claims = request.Claims is { ValueKind: JsonValueKind.Object } c ? c : (JsonElement?)null;
        var activation = new RequestCelContext(context, claims);
        return mcp ? new McpCelContext(activation, kind, request.Mcp?.Target ?? "everything", request.Mcp?.Name ?? "echo") : activation;
    }

    private static CelEvaluateResult Describe(CelValue value)
    {
        if (value.IsError)
        {
            return new CelEvaluateResult(Error: new CelPlaygroundError("evaluation", value.ErrorMessage ?? "error"));
        }

        var text = value.ToString();
        if (text.Length > MaxValueLength)
        {
            text = string.Concat(text.AsSpan(0, MaxValueLength), "…");
        }

        return new CelEvaluateResult(text, TypeName(value.Kind), value.IsTrue);
    }

    private static string TypeName(CelValueKind kind) => kind switch
    {
        CelValueKind.Null => "null_type",
        CelValueKind.Timestamp => "google.protobuf.Timestamp",
        CelValueKind.Duration => "google.protobuf.Duration",
        CelValueKind.Optional => "optional_type",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private static (int, CelEvaluateResult) Fail(int status, string kind, string message) =>
        (status, new CelEvaluateResult(Error: new CelPlaygroundError(kind, message)));
}
