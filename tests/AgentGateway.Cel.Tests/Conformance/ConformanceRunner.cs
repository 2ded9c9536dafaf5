using System.Text.RegularExpressions;

namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>Runs one conformance case: declarations, bindings, compile (checked unless disabled), evaluate, compare.</summary>
internal static partial class ConformanceRunner
{
    public static ConformanceOutcome Run(ConformanceCase c)
    {
        if (SkipReason(c) is { } reason)
        {
            return new ConformanceOutcome(c, ConformanceStatus.Skipped, reason);
        }

        var declared = new List<string>();
        foreach (var decl in c.Test.All("type_env"))
        {
            declared.Add(decl.Message!.GetString("name")!);
        }

        var activation = new CelActivation();
        foreach (var binding in c.Test.All("bindings"))
        {
            string name = binding.Message!.GetString("key")!;
            var exprValue = binding.Message.GetMessage("value")!;
            var value = exprValue.GetMessage("value");
            if (value is null)
            {
                return new ConformanceOutcome(c, ConformanceStatus.Failed, "binding is not a plain value (errors/unknowns are not supported)");
            }

            if (!ConformanceValues.TryConvert(value, out var bound, out string skip))
            {
                return new ConformanceOutcome(c, ConformanceStatus.Skipped, $"binding '{name}' {skip}");
            }

            activation.Set(name, bound);
        }

        CelValue expected = default;
        bool expectError = false;
        if (c.Test.GetMessage("value") is { } expectedValue || c.Test.GetMessage("typed_result")?.GetMessage("result") is { } typed && (expectedValue = typed) is not null)
        {
            if (!ConformanceValues.TryConvert(expectedValue, out expected, out string skip))
            {
                return new ConformanceOutcome(c, ConformanceStatus.Skipped, $"expected value {skip}");
            }
        }
        else if (c.Test.Get("eval_error") is not null || c.Test.Get("any_eval_errors") is not null)
        {
            expectError = true;
        }
        else if (c.Test.Get("unknown") is not null || c.Test.Get("any_unknowns") is not null)
        {
            return new ConformanceOutcome(c, ConformanceStatus.Failed, "unknown-value results are not supported");
        }
        else
        {
            // No matcher means the expected result is true.
            expected = CelValue.True;
        }

        CelProgram program;
        try
        {
            program = new CelEnvironment(declared).Compile(c.Expr, checkDeclarations: !c.DisableCheck);
        }
        catch (CelCompileException ex)
        {
            return new ConformanceOutcome(c, ConformanceStatus.Failed, $"compile error: {ex.Reason}");
        }

        var result = program.Evaluate(activation);
        if (expectError)
        {
            return result.IsError
                ? new ConformanceOutcome(c, ConformanceStatus.Passed)
                : new ConformanceOutcome(c, ConformanceStatus.Failed, $"expected an error, got {result}");
        }

        return ConformanceValues.StrictEquals(expected, result)
            ? new ConformanceOutcome(c, ConformanceStatus.Passed)
            : new ConformanceOutcome(c, ConformanceStatus.Failed, $"expected {expected} ({expected.Kind}), got {result} ({result.Kind})");
    }

    /// <summary>The only accepted reason to skip: the case needs protobuf message, wrapper or enum types.</summary>
    private static string? SkipReason(ConformanceCase c)
    {
        string? container = c.Test.GetString("container");
        if (!string.IsNullOrEmpty(container))
        {
            return $"needs protobuf message types (container '{container}')";
        }

        string expr = c.Expr;
        if (expr.Contains("TestAllTypes", StringComparison.Ordinal))
        {
            return "needs protobuf message TestAllTypes";
        }

        foreach (Match m in WellKnownType().Matches(expr))
        {
            if (m.Groups[1].Value is not ("Timestamp" or "Duration"))
            {
                return $"needs protobuf well-known type google.protobuf.{m.Groups[1].Value}";
            }
        }

        foreach (var decl in c.Test.All("type_env"))
        {
            string? messageType = FindMessageType(decl.Message!);
            if (messageType is not null and not ("google.protobuf.Timestamp" or "google.protobuf.Duration"))
            {
                return $"needs protobuf message type {messageType}";
            }
        }

        return null;
    }

    private static string? FindMessageType(TextProtoMessage message)
    {
        foreach (var field in message.Fields)
        {
            if (field.Key == "message_type")
            {
                return field.Value.AsString();
            }

            if (field.Value.Message is { } nested && FindMessageType(nested) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    [GeneratedRegex(@"google\.protobuf\.(\w+)")]
    private static partial Regex WellKnownType();
}
