using System.Text.Json;

namespace AgentGateway.Cel.Tests;

/// <summary>Claims read in place from <see cref="JsonElement"/>, as the gateway passes a validated Auth0 access token.</summary>
public sealed class JsonClaimsTests : IDisposable
{
    // A realistic Auth0 access token payload (RBAC enabled, with a namespaced custom claim).
    private const string Auth0Payload = """
        {
          "iss": "https://dev-example.us.auth0.com/",
          "sub": "auth0|6512d3f1a2b3c4d5e6f70812",
          "aud": ["https://mcp.example.com", "https://dev-example.us.auth0.com/userinfo"],
          "iat": 1735689600,
          "exp": 1735776000,
          "scope": "openid profile email read:tools",
          "azp": "Xk3pQ9rT7vW2yZ5aB8cD1eF4gH6jK0mN",
          "permissions": ["read:tools", "read:prompts", "call:echo"],
          "https://example.com/roles": ["admin", "dev"],
          "https://example.com/org": { "id": "org_123", "tier": "gold", "seats": 25 },
          "email_verified": true,
          "ratio": 0.75,
          "big": 18446744073709551615,
          "nothing": null,
          "escaped": "caf\u00e9 \"quoted\"",
          "email": null
        }
        """;

    private static readonly CelEnvironment s_env = new(["jwt", "auth", "mcp"]);

    private readonly JsonDocument _document = JsonDocument.Parse(Auth0Payload);
    private readonly CelActivation _activation;

    public JsonClaimsTests()
    {
        var claims = CelValue.FromJson(_document.RootElement);
        _activation = new CelActivation()
            .Set("jwt", claims)
            .Set("auth", CelValue.FromObject(new TestObject("agentgateway.Auth", new() { ["claims"] = claims })))
            .Set("mcp", CelValue.FromObject(new TestObject("agentgateway.Mcp", new()
            {
                ["tool"] = CelValue.FromObject(new TestObject("agentgateway.McpTool", new()
                {
                    ["name"] = CelValue.FromString("echo"),
                    ["target"] = CelValue.FromString("everything"),
                })),
            })));
    }

    public void Dispose() => _document.Dispose();

    [Theory]
    [InlineData("\"read:tools\" in auth.claims.permissions", true)]
    [InlineData("\"delete:tools\" in auth.claims.permissions", false)]
    [InlineData("'read:tools' in jwt.permissions && mcp.tool.name == 'echo'", true)]
    [InlineData("jwt.sub == 'auth0|6512d3f1a2b3c4d5e6f70812'", true)]
    [InlineData("jwt.sub.startsWith('auth0|')", true)]
    [InlineData("jwt.iss.endsWith('auth0.com/') && jwt.iss.contains('dev-example')", true)]
    [InlineData("jwt['https://example.com/roles'][0] == 'admin'", true)]
    [InlineData("'admin' in jwt['https://example.com/roles']", true)]
    [InlineData("jwt['https://example.com/org'].tier == 'gold'", true)]
    [InlineData("jwt['https://example.com/org'].seats > 20", true)]
    [InlineData("jwt.exp > jwt.iat && jwt.exp - jwt.iat == 86400", true)]
    [InlineData("type(jwt.exp) == int && type(jwt.ratio) == double && type(jwt.big) == double", true)]
    [InlineData("jwt.ratio == 0.75 && jwt.email_verified", true)]
    [InlineData("jwt.nothing == null", true)]
    [InlineData("has(jwt.email_verified) && !has(jwt.missing) && has(jwt.email)", true)]
    [InlineData("jwt.escaped == 'café \\\"quoted\\\"' && jwt.escaped.startsWith('café') && jwt.escaped.endsWith('\\\"') && jwt.escaped.contains('é \\\"q')", true)]
    [InlineData("jwt.escaped != 'cafe' && size(jwt.escaped) == 13 && 'café \\\"quoted\\\"' in [jwt.escaped]", true)]
    [InlineData("jwt.sub != 'x' && 'x' != jwt.sub && jwt.exp != 'x' && jwt.sub.contains('|6512') && !jwt.sub.endsWith('x')", true)]
    [InlineData("'https://mcp.example.com' in jwt.aud", true)]
    [InlineData("jwt.permissions.exists(p, p.startsWith('call:'))", true)]
    [InlineData("jwt.permissions.all(p, p.contains(':'))", true)]
    [InlineData("jwt.permissions.filter(p, p.startsWith('read:')) == ['read:tools', 'read:prompts']", true)]
    [InlineData("jwt.permissions.map(p, p.split(':')[0]) == ['read', 'read', 'call']", true)]
    [InlineData("size(jwt.permissions) == 3 && jwt.permissions.size() == 3", true)]
    [InlineData("jwt.scope.split(' ').exists(s, s == 'read:tools')", true)]
    [InlineData("'sub' in jwt && jwt.exists(k, k == 'azp')", true)]
    [InlineData("jwt['https://example.com/org'] == {'id': 'org_123', 'tier': 'gold', 'seats': 25}", true)]
    [InlineData("jwt.permissions == ['read:tools', 'read:prompts', 'call:echo']", true)]
    [InlineData("jwt.?missing.orValue('none') == 'none' && jwt.?sub.hasValue() && jwt.?email == optional.of(null)", true)]
    [InlineData("jwt.sub.matches('^auth0\\\\|[0-9a-f]{24}$')", true)]
    [InlineData("timestamp(jwt.exp) > timestamp('2025-01-01T00:00:00Z')", true)]
    [InlineData("string(jwt.exp) + 's' == '1735776000s'", true)]
    [InlineData("jwt.permissions[1] == 'read:prompts' && jwt.permissions[?5].orValue('') == ''", true)]
    public void Evaluate_OverJsonClaims(string expression, bool expected)
    {
        var result = s_env.Compile(expression).Evaluate(_activation);
        Assert.True(result.Kind == CelValueKind.Bool, $"{expression} => {result}");
        Assert.Equal(expected, result.AsBool());
    }

    [Theory]
    [InlineData("jwt.missing == 'a@example.com'")]
    [InlineData("jwt.exp.startsWith('1')")]
    [InlineData("jwt.email.endsWith('@example.com')")]
    [InlineData("jwt.permisions.exists(p, p == 'read:tools')")]
    [InlineData("'read:tools' in auth.claims.scopes")]
    [InlineData("mcp.tool.version == '1'")]
    [InlineData("jwt.permissions[3] == 'x'")]
    [InlineData("jwt.sub.size() > jwt.exp.size()")]
    public void Evaluate_MissingClaim_IsErrorAndDoesNotMatch(string expression)
    {
        var program = s_env.Compile(expression);
        Assert.True(program.Evaluate(_activation).IsError);
        Assert.False(program.EvaluateBool(_activation));
    }

    [Fact]
    public void Evaluate_MissingClaimError_IsAbsorbedByOr()
    {
        Assert.True(s_env.Compile("jwt.missing == 'x' || 'read:tools' in jwt.permissions").EvaluateBool(_activation));
        Assert.False(s_env.Compile("jwt.missing == 'x' && false").Evaluate(_activation).IsError);
    }

    [Fact]
    public void SeedRule_TrueAndFalsePaths_DoNotAllocate()
    {
        var allow = s_env.Compile("\"read:tools\" in auth.claims.permissions");
        var deny = s_env.Compile("\"delete:tools\" in auth.claims.permissions");
        for (int i = 0; i < 100; i++)
        {
            allow.EvaluateBool(_activation);
            deny.EvaluateBool(_activation);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool all = true;
        for (int i = 0; i < 1000; i++)
        {
            all &= allow.EvaluateBool(_activation);
            all &= !deny.EvaluateBool(_activation);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(all);
        Assert.Equal(0, allocated);
    }

    private sealed class TestObject(string typeName, Dictionary<string, CelValue> fields) : ICelObject
    {
        public string TypeName => typeName;

        public bool TryGetField(string name, out CelValue value) => fields.TryGetValue(name, out value);
    }
}
