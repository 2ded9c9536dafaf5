namespace AgentGateway.Security.Authentication;

internal sealed partial class JwksProvider
{
    // Event ids 3101–3109: JWKS loading. Messages name the source (URL without query, file path, "inline") and the
    // outcome; key material and tokens are never logged.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "JWKS from {Source} loaded ({Reason}): {KeyCount} keys, generation {Generation}, in {DurationMs} ms; next refresh in {NextRefresh}.")]
        public static partial void Loaded(ILogger logger, string source, LoadReason reason, int keyCount, long generation, long durationMs, TimeSpan nextRefresh);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "JWKS from {Source} fetched ({Reason}): {KeyCount} keys, unchanged, in {DurationMs} ms; next refresh in {NextRefresh}.")]
        public static partial void Unchanged(ILogger logger, string source, LoadReason reason, int keyCount, long durationMs, TimeSpan nextRefresh);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "JWKS from {Source} could not be loaded ({Reason}): {Outcome}, after {DurationMs} ms; keeping {KeptKeyCount} last good keys; retrying in {RetryIn}.")]
        public static partial void LoadFailed(ILogger logger, string source, LoadReason reason, string outcome, int keptKeyCount, long durationMs, TimeSpan retryIn);

        [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "JWKS from {Source}: skipped {Key}.")]
        public static partial void KeySkipped(ILogger logger, string source, string key);
    }
}
