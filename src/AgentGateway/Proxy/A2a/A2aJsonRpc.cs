using System.Text.Json;

namespace AgentGateway.Proxy.A2a;

/// <summary>
/// Reads the top-level members of a JSON-RPC message that the gateway reports — <c>method</c> of a request;
/// <c>result</c> or <c>error.code</c> of a response — from the beginning of the message, which may be cut short.
/// </summary>
internal static class A2aJsonRpc
{
    /// <summary>The <c>method</c> of a request, or null when it is not in <paramref name="json"/> (or the JSON is not an object).</summary>
    /// <param name="json">The message, or its first bytes.</param>
    /// <param name="isComplete">Whether <paramref name="json"/> is the whole message.</param>
    public static string? ReadMethod(ReadOnlySpan<byte> json, bool isComplete)
    {
        var reader = new Utf8JsonReader(json, isComplete, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMethod = reader.ValueTextEquals("method"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isMethod)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (!reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    /// <summary>The outcome of a response: (<c>success</c>, null), (<c>error</c>, code), or (<c>unknown</c>, null).</summary>
    public static (string Outcome, long? ErrorCode) ReadOutcome(ReadOnlySpan<byte> json, bool isComplete)
    {
        var reader = new Utf8JsonReader(json, isComplete, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (A2aRequestInfo.UnknownOutcome, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isResult = reader.ValueTextEquals("result"u8);
                var isError = reader.ValueTextEquals("error"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isResult && reader.TokenType != JsonTokenType.Null)
                {
                    return ("success", null);
                }

                if (isError && reader.TokenType == JsonTokenType.StartObject)
                {
                    return ("error", ReadErrorCode(ref reader));
                }

                if (!reader.TrySkip())
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
        }

        return (A2aRequestInfo.UnknownOutcome, null);
    }

    private static long? ReadErrorCode(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = reader.ValueTextEquals("code"u8);
            if (!reader.Read())
            {
                return null;
            }

            if (isCode)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var code) ? code : null;
            }

            if (!reader.TrySkip())
            {
                return null;
            }
        }

        return null;
    }
}
