using System.Runtime.InteropServices;
using AgentGateway.Proxy.Authentication;
using Microsoft.Extensions.Primitives;

namespace AgentGateway.Tests.Proxy;

/// <summary>Reading a bearer token from an Authorization header, strictly (RFC 6750 §2.1).</summary>
public sealed class TokenReaderTests
{
    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")]
    [InlineData("bearer abc", "abc")]
    [InlineData("BEARER   a-b.c_d~e+f/g==  ", "a-b.c_d~e+f/g==")]
    [InlineData("Bearer A", "A")]
    public void WellFormed_IsPresent(string header, string expected)
    {
        Assert.Equal(TokenReadResult.Present, TokenReader.ReadHeader(new StringValues(header), "Bearer", out var token));
        Assert.Equal(expected, token.ToString());
    }

    [Fact]
    public void Token_IsASliceOfTheHeaderValue_NotACopy()
    {
        var header = "Bearer  eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln ";

        Assert.Equal(TokenReadResult.Present, TokenReader.ReadHeader(new StringValues(header), "Bearer", out var token));

        Assert.True(MemoryMarshal.TryGetString(token, out var text, out var start, out var length));
        Assert.Same(header, text);
        Assert.Equal("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", header.Substring(start, length));
    }

    [Theory]
    [InlineData("Bearer a$b")]
    [InlineData("Bearer a,b")]
    [InlineData("Bearer a\"b")]
    [InlineData("Bearer abcé")]
    [InlineData("Bearer =abc")]
    [InlineData("Bearer ab=c")]
    [InlineData("Bearer ==")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("   ")]
    public void NotAB64Token_IsMalformed(string header)
    {
        Assert.Equal(TokenReadResult.Malformed, TokenReader.ReadHeader(new StringValues(header), "Bearer", out var token));
        Assert.Equal("", token.ToString());
    }

    [Fact]
    public void LongToken_WithOneBadCharacterAnywhere_IsMalformed()
    {
        // Long enough for the vectorized check to take several blocks; the bad character in each position of a block.
        var good = new string('a', 1000);
        Assert.Equal(TokenReadResult.Present, TokenReader.ReadHeader(new StringValues("Bearer " + good), "Bearer", out _));
        for (var i = 0; i < 70; i++)
        {
            var bad = good[..(900 + i)] + "%" + good[(901 + i)..];
            Assert.Equal(TokenReadResult.Malformed, TokenReader.ReadHeader(new StringValues("Bearer " + bad), "Bearer", out _));
        }
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearerx abc")]
    [InlineData("Bearer-x abc")]
    public void AnotherScheme_IsAbsent(string header) =>
        Assert.Equal(TokenReadResult.Absent, TokenReader.ReadHeader(new StringValues(header), "Bearer", out _));

    [Fact]
    public void RepeatedHeader_IsMalformed_NoHeader_IsAbsent()
    {
        Assert.Equal(TokenReadResult.Malformed, TokenReader.ReadHeader(new StringValues(["Bearer a", "Bearer b"]), "Bearer", out _));
        Assert.Equal(TokenReadResult.Absent, TokenReader.ReadHeader(StringValues.Empty, "Bearer", out _));
    }
}
