namespace AgentGateway.IntegrationTests.Infrastructure;

/// <summary>One span as an OTLP collector received it (hex ids; empty parent for a root span).</summary>
public sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, OtlpSpanKind Kind, string Scope, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The attribute's value (as text), or null.</summary>
    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}

/// <summary>OTLP <c>Span.SpanKind</c>.</summary>
public enum OtlpSpanKind
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Internal.</summary>
    Internal = 1,

    /// <summary>Server.</summary>
    Server = 2,

    /// <summary>Client.</summary>
    Client = 3,

    /// <summary>Producer.</summary>
    Producer = 4,

    /// <summary>Consumer.</summary>
    Consumer = 5,
}
