using System.Buffers.Text;
using System.Security.Cryptography;

namespace AgentGateway.Mcp.Sessions;

/// <summary>Session ids from the operating system's cryptographic RNG: 32 random bytes, base64url.</summary>
internal sealed class RandomMcpSessionIdGenerator : IMcpSessionIdGenerator
{
    public string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
