using System.Text.Json;

namespace AgentGateway.Cel.Tests;

public sealed class CelValueTests
{
    [Fact]
    public void Default_IsNull() => Assert.Equal(CelValueKind.Null, default(CelValue).Kind);

    [Theory]
    [InlineData(null, CelValueKind.Null)]
    [InlineData(true, CelValueKind.Bool)]
    [InlineData(1, CelValueKind.Int)]
    [InlineData(1L, CelValueKind.Int)]
    [InlineData((short)1, CelValueKind.Int)]
    [InlineData(1u, CelValueKind.Uint)]
    [InlineData(1UL, CelValueKind.Uint)]
    [InlineData((byte)1, CelValueKind.Uint)]
    [InlineData(1.5, CelValueKind.Double)]
    [InlineData(1.5f, CelValueKind.Double)]
    [InlineData("s", CelValueKind.String)]
    public void FromClr_MapsPrimitives(object? value, CelValueKind kind) => Assert.Equal(kind, CelValue.FromClr(value).Kind);

    [Fact]
    public void FromClr_MapsCollectionsTimesAndJson()
    {
        Assert.Equal(CelValueKind.Bytes, CelValue.FromClr(new byte[] { 1 }).Kind);
        Assert.Equal(CelValueKind.List, CelValue.FromClr(new[] { 1, 2 }).Kind);
        Assert.Equal(CelValueKind.Map, CelValue.FromClr(new Dictionary<string, int> { ["a"] = 1 }).Kind);
        Assert.Equal(CelValueKind.Timestamp, CelValue.FromClr(DateTimeOffset.UnixEpoch).Kind);
        Assert.Equal(CelValueKind.Duration, CelValue.FromClr(TimeSpan.FromSeconds(1)).Kind);
        using var doc = JsonDocument.Parse("""{"a": [1]}""");
        Assert.Equal(CelValueKind.Map, CelValue.FromClr(doc).Kind);
        Assert.Throws<ArgumentException>(() => CelValue.FromClr(new object()));
        Assert.Throws<ArgumentException>(() => CelValue.FromClr(new Dictionary<double, int> { [1.5] = 1 }));
    }

    [Fact]
    public void Accessors_ReturnValuesAndRejectOtherKinds()
    {
        Assert.Equal(42, CelValue.FromInt64(42).AsInt64());
        Assert.Equal(42UL, CelValue.FromUInt64(42).AsUInt64());
        Assert.Equal(1.5, CelValue.FromDouble(1.5).AsDouble());
        Assert.True(CelValue.True.AsBool());
        Assert.Equal("s", CelValue.FromString("s").AsString());
        Assert.Equal(new byte[] { 1, 2 }, CelValue.FromBytes([1, 2]).AsBytes().ToArray());
        var instant = new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(2));
        Assert.Equal(instant, CelValue.FromTimestamp(instant).AsTimestamp());
        Assert.Equal(TimeSpan.FromMilliseconds(-1500), CelValue.FromDuration(TimeSpan.FromMilliseconds(-1500)).AsDuration());
        Assert.Throws<InvalidOperationException>(() => CelValue.FromInt64(1).AsString());
        Assert.Throws<InvalidOperationException>(() => CelValue.Null.AsBool());
    }

    [Fact]
    public void Equality_FollowsCelAndHashesConsistently()
    {
        Assert.Equal(CelValue.FromInt64(1), CelValue.FromDouble(1.0));
        Assert.Equal(CelValue.FromInt64(1).GetHashCode(), CelValue.FromUInt64(1).GetHashCode());
        Assert.Equal(CelValue.FromInt64(1).GetHashCode(), CelValue.FromDouble(1.0).GetHashCode());
        Assert.NotEqual(CelValue.FromInt64(1), CelValue.FromString("1"));
        Assert.False(CelValue.FromError("e") == CelValue.FromError("e"));
        using var doc = JsonDocument.Parse("""["a"]""");
        Assert.True(CelValue.FromJson(doc.RootElement) == CelValue.FromList([CelValue.FromString("a")]));
    }

    [Fact]
    public void ToString_RendersCelLiterals()
    {
        using var doc = JsonDocument.Parse("""{"k": [1, "x", true, null, 2.5]}""");
        Assert.Equal("{\"k\": [1, \"x\", true, null, 2.5]}", CelValue.FromJson(doc.RootElement).ToString());
        Assert.Equal("1u", CelValue.FromUInt64(1).ToString());
        Assert.Equal("b\"a\\x00\"", CelValue.FromBytes([(byte)'a', 0]).ToString());
        Assert.Equal("error(boom)", CelValue.FromError("boom").ToString());
        Assert.Equal("timestamp(\"1970-01-01T00:00:01Z\")", CelValue.FromTimestamp(DateTimeOffset.UnixEpoch.AddSeconds(1)).ToString());
    }

    [Fact]
    public void FromMap_HeadersUseTheDictionaryComparer()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        var activation = new CelActivation().Set("request", CelValue.FromMap(new Dictionary<string, CelValue>
        {
            ["headers"] = CelValue.FromMap(headers),
            ["method"] = CelValue.FromString("POST"),
        }));
        var env = new CelEnvironment(["request"]);
        Assert.True(env.Compile("request.headers['content-type'] == 'application/json' && 'CONTENT-TYPE' in request.headers && request.method == 'POST'").EvaluateBool(activation));
        Assert.True(env.Compile("request.headers.exists(k, k == 'Content-Type') && size(request.headers) == 1").EvaluateBool(activation));
        Assert.True(env.Compile("!has(request.headers.authorization) && request.headers.?authorization.orValue('') == ''").EvaluateBool(activation));
    }

    [Fact]
    public void Program_IsThreadSafe()
    {
        using var doc = JsonDocument.Parse("""{"permissions": ["a", "b", "read:tools"], "n": [1, 2, 3]}""");
        var program = new CelEnvironment(["jwt"]).Compile("'read:tools' in jwt.permissions && jwt.n.map(x, x * 2).exists(y, y == 6) && 'abc'.matches(jwt.permissions[0])");
        var activation = new CelActivation().Set("jwt", CelValue.FromJson(doc.RootElement));
        int failures = 0;
        Parallel.For(0, 20_000, _ =>
        {
            if (!program.EvaluateBool(activation))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }
}
