namespace AgentGateway.Cel.Library;

/// <summary>An opaque extension value with a <c>string(x)</c> conversion (IP addresses, CIDR ranges).</summary>
internal interface ICelStringConvertible
{
    string ToCelString();
}
