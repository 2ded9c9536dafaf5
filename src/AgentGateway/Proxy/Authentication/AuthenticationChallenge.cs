namespace AgentGateway.Proxy.Authentication;

/// <summary>A refusal of authentication: the 401's <c>WWW-Authenticate</c> value and its JSON body.</summary>
/// <param name="WwwAuthenticate">The challenge header value.</param>
/// <param name="Error">The body's <c>error</c> (an RFC 6750 code, or <c>unauthorized</c> when no token was sent).</param>
/// <param name="Description">The body's <c>error_description</c>: generic, never naming the check that failed.</param>
internal sealed record AuthenticationChallenge(string WwwAuthenticate, string Error, string Description)
{
    /// <summary>No token was sent (RFC 6750 §3.1: no error code in the challenge).</summary>
    public static AuthenticationChallenge Missing(string challenge) =>
        new(challenge, "unauthorized", "an access token is required");

    /// <summary>A token was sent and is not valid here.</summary>
    public static AuthenticationChallenge InvalidToken(string challenge) =>
        new(challenge + ", error=\"invalid_token\"", "invalid_token", "the access token is not valid for this resource");

    /// <summary>The credentials are not a well-formed bearer token.</summary>
    public static AuthenticationChallenge InvalidRequest(string challenge) =>
        new(challenge + ", error=\"invalid_request\"", "invalid_request", "the Authorization header is not a well-formed bearer token");
}
