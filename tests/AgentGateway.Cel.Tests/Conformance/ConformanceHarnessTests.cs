namespace AgentGateway.Cel.Tests.Conformance;

/// <summary>The harness itself: a conformance run is only as good as its parser and its comparison.</summary>
public sealed class ConformanceHarnessTests
{
    [Fact]
    public void TextProtoParser_ParsesNestedFieldsEscapesAndConcatenation()
    {
        var message = TextProtoParser.Parse("""
            # comment
            name: "a" 'b'
            test { expr: "'\303\277' + \"\x41\n\"" value: { bytes_value: "\000\377" } }
            test < name: "second" disable_check: true >
            extension { [type.googleapis.com/google.protobuf.Duration] { seconds: 1 nanos: 2 } }
            """);
        Assert.Equal("ab", message.GetString("name"));
        var tests = message.All("test").ToList();
        Assert.Equal(2, tests.Count);
        Assert.Equal("'\u00ff' + \"A\n\"", tests[0].Message!.GetString("expr"));
        Assert.Equal(new byte[] { 0, 255 }, tests[0].Message!.GetMessage("value")!.Get("bytes_value")!.StringBytes);
        Assert.True(tests[1].Message!.GetBool("disable_check"));
        Assert.Equal("1", message.GetMessage("extension")!.GetMessage("[type.googleapis.com/google.protobuf.Duration]")!.Get("seconds")!.Scalar);
    }

    [Theory]
    [InlineData("int64_value: 1", "double_value: 1", false)]
    [InlineData("int64_value: 1", "uint64_value: 1", false)]
    [InlineData("double_value: nan", "double_value: NaN", true)]
    [InlineData("list_value { values { int64_value: 1 } }", "list_value { values { double_value: 1 } }", false)]
    [InlineData("map_value { entries { key { string_value: 'k' } value { int64_value: 1 } } }", "map_value { entries { key { string_value: 'k' } value { int64_value: 1 } } }", true)]
    [InlineData("type_value: 'int'", "type_value: 'int'", true)]
    public void StrictEquals_DistinguishesNumericTypes(string left, string right, bool equal)
    {
        Assert.True(ConformanceValues.TryConvert(TextProtoParser.Parse(left), out var a, out _));
        Assert.True(ConformanceValues.TryConvert(TextProtoParser.Parse(right), out var b, out _));
        Assert.Equal(equal, ConformanceValues.StrictEquals(a, b));
    }

    [Theory]
    [InlineData("expr: '1 + 1' value { int64_value: 2 }", "Passed")]
    [InlineData("expr: '1 + 1' value { int64_value: 3 }", "Failed")]
    [InlineData("expr: '1 + 1' value { double_value: 2 }", "Failed")]
    [InlineData("expr: '1 / 0' eval_error { errors { message: 'x' } }", "Passed")]
    [InlineData("expr: '1 / 1' eval_error { errors { message: 'x' } }", "Failed")]
    [InlineData("expr: 'x' value { int64_value: 2 }", "Failed")]
    [InlineData("expr: 'x' disable_check: true eval_error { errors { message: 'x' } }", "Passed")]
    [InlineData("expr: 'x' type_env { name: 'x' ident { type { primitive: INT64 } } } bindings { key: 'x' value { value { int64_value: 7 } } } value { int64_value: 7 }", "Passed")]
    [InlineData("expr: 'TestAllTypes{}' value { bool_value: true }", "Skipped")]
    [InlineData("container: 'cel.expr.conformance.proto3' expr: 'x' value { bool_value: true }", "Skipped")]
    [InlineData("expr: 'google.protobuf.Int32Value{value: 1} == 1' value { bool_value: true }", "Skipped")]
    public void Runner_ReportsPassFailAndSkip(string test, string expected)
    {
        var outcome = ConformanceRunner.Run(new ConformanceCase("f", "s", "n", TextProtoParser.Parse(test)));
        Assert.Equal(Enum.Parse<ConformanceStatus>(expected), outcome.Status);
    }
}
