namespace AgentGateway.Security.Authentication;

internal sealed partial class JwtValidator
{
    // Event ids 3201–3209: token validation. Tokens, claims and key ids (attacker-chosen text) are never logged.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "JWT for issuer '{Issuer}': {Cause}; asking for a key refetch.")]
        public static partial void RefetchingKeys(ILogger logger, string issuer, string cause);
    }
}
