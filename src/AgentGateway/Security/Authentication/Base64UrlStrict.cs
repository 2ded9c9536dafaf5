using System.Buffers.Text;

namespace AgentGateway.Security.Authentication;

/// <summary>
/// base64url as JWS compact serialization requires it (RFC 7515 §2, §3.1): the URL-safe alphabet only, no padding,
/// no whitespace, and canonical (the unused low bits of the last character are zero), so one byte string has exactly
/// one text form. <see cref="Base64Url"/> alone is more lenient (it accepts padding and whitespace).
/// </summary>
internal static class Base64UrlStrict
{
    /// <summary>Whether <paramref name="text"/> is strict, canonical, unpadded base64url (empty is valid).</summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (Value(c) < 0)
            {
                return false;
            }
        }

        // 2 trailing characters carry 12 bits of which 8 are used; 3 carry 18 of which 16 are used.
        return (text.Length % 4) switch
        {
            2 => (Value(text[^1]) & 0x0F) == 0,
            3 => (Value(text[^1]) & 0x03) == 0,
            _ => true,
        };
    }

    /// <summary>Decodes text already checked with <see cref="IsValid"/> into <paramref name="destination"/> (at least <see cref="Base64Url.GetMaxDecodedLength"/> long); returns the byte count.</summary>
    public static int Decode(ReadOnlySpan<char> text, Span<byte> destination) => Base64Url.DecodeFromChars(text, destination);

    private static int Value(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };
}
