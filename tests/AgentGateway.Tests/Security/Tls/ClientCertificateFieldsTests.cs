using AgentGateway.Cel;
using AgentGateway.Testing;

namespace AgentGateway.Tests.Security.Tls;

/// <summary><see cref="ClientCertificateFields"/>: the <c>source.*</c> fields of a client certificate.</summary>
public sealed class ClientCertificateFieldsTests
{
    [Fact]
    public void AddTo_ClientCertificate_ExposesSubjectIssuerNamesAndSpiffeId()
    {
        using var ca = TestCertificateAuthority.Create("Agents CA");
        using var certificate = ca.IssueClient("agent-1", "spiffe://example.org/ns/a/sa/agent-1");
        var fields = new List<(string Name, CelValue Value)>();

        ClientCertificateFields.AddTo(fields, certificate);

        var map = fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("CN=agent-1, O=Agents", map["subject"].AsString());
        Assert.Contains("CN=Agents CA", map["issuer"].AsString(), StringComparison.Ordinal);
        Assert.Equal("agent-1", map["subjectCn"].AsString());
        Assert.Equal("spiffe://example.org/ns/a/sa/agent-1", map["spiffeId"].AsString());
        Assert.Equal("""["agent-1.clients.test", "spiffe://example.org/ns/a/sa/agent-1"]""", map["subjectAltNames"].ToString());
    }
}
