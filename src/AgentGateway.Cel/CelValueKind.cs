namespace AgentGateway.Cel;

// The members are named after CEL's own types (int, uint, double, string), which is what they mean here.
#pragma warning disable CA1720 // Identifier contains type name

/// <summary>The CEL type of a <see cref="CelValue"/>.</summary>
public enum CelValueKind : byte
{
    /// <summary>The <c>null</c> value (<c>null_type</c>). The default value of <see cref="CelValue"/>.</summary>
    Null = 0,

    /// <summary>A boolean (<c>bool</c>).</summary>
    Bool,

    /// <summary>A signed 64-bit integer (<c>int</c>).</summary>
    Int,

    /// <summary>An unsigned 64-bit integer (<c>uint</c>).</summary>
    Uint,

    /// <summary>An IEEE 754 double (<c>double</c>).</summary>
    Double,

    /// <summary>A Unicode string (<c>string</c>).</summary>
    String,

    /// <summary>A byte sequence (<c>bytes</c>).</summary>
    Bytes,

    /// <summary>A list (<c>list</c>).</summary>
    List,

    /// <summary>A map (<c>map</c>).</summary>
    Map,

    /// <summary>A type value, as returned by <c>type(x)</c> (<c>type</c>).</summary>
    Type,

    /// <summary>A point in time with nanosecond precision (<c>google.protobuf.Timestamp</c>).</summary>
    Timestamp,

    /// <summary>A signed span of time with nanosecond precision (<c>google.protobuf.Duration</c>).</summary>
    Duration,

    /// <summary>An optional value (<c>optional_type</c>), which may be empty.</summary>
    Optional,

    /// <summary>A host-provided object (<see cref="ICelObject"/>) or an opaque extension value such as an IP address.</summary>
    Object,

    /// <summary>An evaluation error. Errors are values in CEL: <c>||</c> and <c>&amp;&amp;</c> may absorb them.</summary>
    Error,
}
#pragma warning restore CA1720
