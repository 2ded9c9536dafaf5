using AgentGateway.Config.Model;

namespace AgentGateway.Config.Validation;

/// <summary>Checks <c>config.tracing</c>: the collector URL, the sampling settings, the export headers and path.</summary>
internal sealed class TracingValidator : IConfigSectionValidator
{
    /// <inheritdoc/>
    public void Validate(GatewayConfig config, ConfigValidationContext context)
    {
        if (config.Config?.Tracing is not { } tracing)
        {
            return;
        }

        var path = ConfigPath.Root.Property("config").Property("tracing");
        if (string.IsNullOrEmpty(tracing.OtlpEndpoint))
        {
            context.AddError(path.Property("otlpEndpoint"),
                "otlpEndpoint is required: the collector's URL, e.g. 'http://localhost:4317' (gRPC) or 'http://localhost:4318' with otlpProtocol: http; remove 'tracing' to run without tracing");
        }
        else if (!Uri.TryCreate(tracing.OtlpEndpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)
            || endpoint.Host.Length == 0)
        {
            context.AddError(path.Property("otlpEndpoint"),
                $"invalid otlpEndpoint '{tracing.OtlpEndpoint}'; write an absolute http:// or https:// URL, e.g. 'http://localhost:4317'");
        }
        else if (endpoint.UserInfo.Length > 0 || endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
        {
            context.AddError(path.Property("otlpEndpoint"),
                "otlpEndpoint must not carry user info, a query or a fragment; put credentials in 'headers' instead");
        }

        ValidateSampling(tracing.RandomSampling, path.Property("randomSampling"), context);
        ValidateSampling(tracing.ClientSampling, path.Property("clientSampling"), context);

        foreach (var (name, value) in tracing.Headers)
        {
            if (!ConfigRules.IsHttpToken(name))
            {
                context.AddError(path.Property("headers").Property(name), $"'{name}' is not a valid HTTP header name; use letters, digits and '-'");
            }
            else if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                // The value is a secret: never echoed.
                context.AddError(path.Property("headers").Property(name), "the header value must not contain line breaks or NUL characters");
            }
        }

        if (tracing.Path is { } exportPath && (!exportPath.StartsWith('/') || exportPath.Contains('?') || exportPath.Contains('#')))
        {
            context.AddError(path.Property("path"), $"invalid path '{exportPath}'; write an absolute URL path such as '/v1/traces'");
        }
        else if (tracing.Path is not null && tracing.OtlpProtocol != OtlpProtocol.Http)
        {
            context.AddError(path.Property("path"), "path applies to otlpProtocol: http only; set otlpProtocol: http or remove 'path'");
        }
    }

    private static void ValidateSampling(string? value, ConfigPath path, ConfigValidationContext context)
    {
        if (value is not null && !SamplingRatio.TryParse(value, out _))
        {
            context.AddError(path,
                $"invalid sampling value '{value}'; use true, false or a number from 0 to 1 (CEL expressions are not supported)");
        }
    }
}
