using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AgentGateway.Cel;

/// <summary>
/// The fields of a verified client certificate (mutual TLS) under <c>source</c>, named as the reference gateway names
/// them: <c>subject</c> and <c>issuer</c> (distinguished names, e.g. <c>CN=agent-1, O=Example</c>), <c>subjectCn</c>,
/// <c>subjectAltNames</c> (DNS names, URIs and IP addresses, as plain strings) and <c>spiffeId</c> (the first
/// <c>spiffe://</c> URI). Absent when the connection has no client certificate, so <c>has(source.subject)</c> tells.
/// </summary>
internal static class ClientCertificateFields
{
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>The fields of <paramref name="certificate"/>, appended to <paramref name="fields"/>.</summary>
    public static void AddTo(List<(string Name, CelValue Value)> fields, X509Certificate2 certificate)
    {
        fields.Add(("subject", CelValue.FromString(certificate.SubjectName.Name)));
        fields.Add(("issuer", CelValue.FromString(certificate.IssuerName.Name)));
        if (certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } cn
            && certificate.SubjectName.Name.Contains("CN=", StringComparison.Ordinal))
        {
            fields.Add(("subjectCn", CelValue.FromString(cn)));
        }

        var names = SubjectAltNames(certificate);
        fields.Add(("subjectAltNames", CelValue.FromList([.. names.Select(CelValue.FromString)])));
        if (names.FirstOrDefault(n => n.StartsWith("spiffe://", StringComparison.Ordinal)) is { } spiffe)
        {
            fields.Add(("spiffeId", CelValue.FromString(spiffe)));
        }
    }

    /// <summary>DNS names, URIs and IP addresses of the subjectAltName extension, in order.</summary>
    private static List<string> SubjectAltNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.Extensions[SubjectAltNameOid] is not { } extension)
        {
            return names;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (reader.HasData)
            {
                var tag = reader.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    reader.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 2: // dNSName
                        names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 2)));
                        break;
                    case 6: // uniformResourceIdentifier
                        names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
                        break;
                    case 7 when reader.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7)) is { Length: 4 or 16 } address:
                        names.Add(new IPAddress(address).ToString());
                        break;
                    case 7:
                        break;
                    default:
                        reader.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension in a certificate the CA signed: expose the names read so far.
        }

        return names;
    }
}
