namespace AgentGateway.Config.Model;

/// <summary>A setting whose presence is the whole setting, written <c>{}</c> (e.g. <c>provider: {auth0: {}}</c>).</summary>
public sealed record EmptyConfig
{
}
