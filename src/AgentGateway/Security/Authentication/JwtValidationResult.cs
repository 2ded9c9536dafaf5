using System.Text.Json;

namespace AgentGateway.Security.Authentication;

/// <summary>The outcome of <see cref="JwtValidator.ValidateAsync(ReadOnlyMemory{char}, CancellationToken)"/>: the validated claims, or why the token was rejected.</summary>
/// <remarks>
/// Immutable and shared: a cached validation hands out the same instance to every request with that token. Failures
/// are preallocated per reason and carry no claims.
/// </remarks>
internal sealed class JwtValidationResult
{
    private static readonly JwtValidationResult[] s_failures =
        [.. Enum.GetValues<JwtFailureReason>().Select(r => new JwtValidationResult(r, default, null, null, ""))];

    private JwtValidationResult(JwtFailureReason reason, JsonElement claims, string? subject, DateTimeOffset? expiresAt, string issuer)
    {
        Reason = reason;
        Claims = claims;
        Subject = subject;
        ExpiresAt = expiresAt;
        Issuer = issuer;
    }

    /// <summary>Whether the token is valid.</summary>
    public bool IsValid => Reason == JwtFailureReason.None;

    /// <summary>Why the token was rejected; <see cref="JwtFailureReason.None"/> when valid.</summary>
    public JwtFailureReason Reason { get; }

    /// <summary>
    /// The whole payload (a JSON object) as sent, with its own backing memory, valid as long as this result; default
    /// (<see cref="JsonValueKind.Undefined"/>) on failure. Read it in place (CEL does); do not copy it into dictionaries.
    /// </summary>
    public JsonElement Claims { get; }

    /// <summary>The <c>sub</c> claim, if present.</summary>
    public string? Subject { get; }

    /// <summary>The <c>exp</c> claim (truncated to whole seconds), if present.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The issuer whose keys verified the token; empty on failure.</summary>
    public string Issuer { get; }

    /// <summary>
    /// Who the token speaks for, as one opaque key (issuer and subject): what owns what the caller creates (MCP sessions).
    /// Made once per validated token: a result answered from the cache gives the same string to every request.
    /// </summary>
    public string Principal => _principal ??= Subject is null ? Issuer + "\n" : Issuer + "\n" + Subject;

    private string? _principal;

    /// <summary>The shared failure result for <paramref name="reason"/>.</summary>
    public static JwtValidationResult Failure(JwtFailureReason reason) =>
        reason == JwtFailureReason.None ? throw new ArgumentOutOfRangeException(nameof(reason)) : s_failures[(int)reason];

    /// <summary>A success.</summary>
    public static JwtValidationResult Success(JsonElement claims, string? subject, DateTimeOffset? expiresAt, string issuer) =>
        new(JwtFailureReason.None, claims, subject, expiresAt, issuer);

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"valid (iss {Issuer})" : $"invalid ({Reason})";
}
