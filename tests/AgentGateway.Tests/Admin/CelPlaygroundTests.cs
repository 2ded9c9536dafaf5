using System.Text.Json;
using AgentGateway.Admin.Playground;
using Microsoft.Extensions.Time.Testing;

namespace AgentGateway.Tests.Admin;

public sealed class CelPlaygroundTests
{
    [Theory]
    [InlineData("jwt.sub", """{"sub": "alice"}""", "\"alice\"", "string", false)]
    [InlineData("auth.claims.permissions.exists(p, p == 'read')", """{"permissions": ["write", "read"]}""", "true", "bool", true)]
    [InlineData("size(jwt)", null, "0", "int", false)] // anonymous: jwt is an empty map
    [InlineData("request.method + ' ' + request.path + ' ' + source.address", null, "\"POST /mcp 127.0.0.1\"", "string", false)]
    public async Task Evaluate_AuthorizationRule_ReturnsTheValue(string expression, string? claims, string value, string type, bool matches)
    {
        using var playground = new CelPlayground(TimeProvider.System);

        var (status, result) = await playground.EvaluateAsync(
            new CelEvaluateRequest(expression, claims is null ? null : JsonDocument.Parse(claims).RootElement), TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        Assert.Equal(new CelEvaluateResult(value, type, matches), result);
    }

    [Fact]
    public async Task Evaluate_McpRule_SeesTheToolAndTheHeaders()
    {
        using var playground = new CelPlayground(TimeProvider.System);

        var (status, result) = await playground.EvaluateAsync(new CelEvaluateRequest(
            "has(mcp.tool) && mcp.tool.target == 'fs' && mcp.tool.name == 'read' && request.headers['x-team'] == 'blue'",
            Environment: "mcpAuthorization",
            Request: new CelPlaygroundRequest(Headers: new Dictionary<string, string> { ["X-Team"] = "blue" }),
            Mcp: new CelPlaygroundMcp(Name: "read", Target: "fs")), TestContext.Current.CancellationToken);

        Assert.Equal(200, status);
        Assert.True(result.Matches);
    }

    [Theory]
    [InlineData("jwt.sub ==", "compile", 422)]
    [InlineData("jwtt.sub == 'a'", "compile", 422)]
    [InlineData("jwt.sub == 'a'", "evaluation", 422)] // no such key: a rule that errors does not match
    [InlineData("", "request", 400)]
    public async Task Evaluate_BadRule_ReportsWhy(string expression, string kind, int expectedStatus)
    {
        using var playground = new CelPlayground(TimeProvider.System);

        var (status, result) = await playground.EvaluateAsync(new CelEvaluateRequest(expression, JsonDocument.Parse("{}").RootElement), TestContext.Current.CancellationToken);

        Assert.Equal(expectedStatus, status);
        Assert.Equal(kind, result.Error?.Kind);
        Assert.False(result.Matches);
    }

    [Fact]
    public async Task Evaluate_CompileError_CarriesItsPosition()
    {
        using var playground = new CelPlayground(TimeProvider.System);

        var (_, result) = await playground.EvaluateAsync(new CelEvaluateRequest("true &&\n  nope.x"), TestContext.Current.CancellationToken);

        Assert.Equal(new CelPlaygroundError("compile", result.Error!.Message, 2, 3), result.Error);
        Assert.Contains("undeclared reference to 'nope'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_TooLongExpressionOrClaimsNotAnObject_IsRefused()
    {
        using var playground = new CelPlayground(TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;

        var (status, result) = await playground.EvaluateAsync(new CelEvaluateRequest(new string('1', CelPlayground.MaxExpressionLength + 1)), ct);
        Assert.Equal((413, "limit"), (status, result.Error?.Kind));

        (status, result) = await playground.EvaluateAsync(new CelEvaluateRequest("true", JsonDocument.Parse("[1]").RootElement), ct);
        Assert.Equal((400, "request"), (status, result.Error?.Kind));

        (status, result) = await playground.EvaluateAsync(new CelEvaluateRequest("true", Environment: "routes"), ct);
        Assert.Equal((400, "request"), (status, result.Error?.Kind));
    }

    [Fact]
    public async Task Evaluate_PastTheDeadline_AnswersTooSlow_AndRefusesOthersUntilItEnds()
    {
        var time = new FakeTimeProvider();
        using var playground = new CelPlayground(time);
        var ct = TestContext.Current.CancellationToken;
        var list = "[" + string.Join(",", Enumerable.Range(0, 40)) + "]";
        // 40^4 ≈ 2.6 million iterations: far longer than the moment it takes to advance the fake clock.
        var slow = new CelEvaluateRequest($"{list}.all(a, {list}.all(b, {list}.all(c, {list}.all(d, a + b + c + d >= 0))))");

        var pending = playground.EvaluateAsync(slow, ct);
        var (busyStatus, busy) = await playground.EvaluateAsync(new CelEvaluateRequest("true"), ct);
        time.Advance(CelPlayground.Deadline);
        var (status, result) = await pending;

        Assert.Equal((429, "limit"), (busyStatus, busy.Error?.Kind));
        Assert.Equal((422, "limit"), (status, result.Error?.Kind));

        // Once the runaway evaluation ends, the playground serves again.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        int again;
        do
        {
            await Task.Delay(50, ct);
            (again, _) = await playground.EvaluateAsync(new CelEvaluateRequest("1 + 1 == 2"), ct);
        }
        while (again == 429 && DateTime.UtcNow < deadline);

        Assert.Equal(200, again);
    }
}
