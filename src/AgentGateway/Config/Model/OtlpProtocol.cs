namespace AgentGateway.Config.Model;

/// <summary>How spans are sent to the OpenTelemetry collector.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (HTTP/2), usually port 4317. The default, as in the reference.</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (<c>POST /v1/traces</c>), usually port 4318.</summary>
    Http,
}
