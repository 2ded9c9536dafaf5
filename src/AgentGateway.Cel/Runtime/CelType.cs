namespace AgentGateway.Cel.Runtime;

/// <summary>A CEL type value (<c>type(x)</c>, or a type name such as <c>int</c> used as a value).</summary>
internal sealed class CelType
{
    public static readonly CelType Null = new("null_type");
    public static readonly CelType Bool = new("bool");
    public static readonly CelType Int = new("int");
    public static readonly CelType Uint = new("uint");
    public static readonly CelType Double = new("double");
    public static readonly CelType String = new("string");
    public static readonly CelType Bytes = new("bytes");
    public static readonly CelType List = new("list");
    public static readonly CelType Map = new("map");
    public static readonly CelType Type = new("type");
    public static readonly CelType Timestamp = new("google.protobuf.Timestamp");
    public static readonly CelType Duration = new("google.protobuf.Duration");
    public static readonly CelType Optional = new("optional_type");
    public static readonly CelType NetIP = new("net.IP");
    public static readonly CelType NetCidr = new("net.CIDR");

    private static readonly Dictionary<string, CelType> s_byName = new(StringComparer.Ordinal)
    {
        [Null.Name] = Null,
        [Bool.Name] = Bool,
        [Int.Name] = Int,
        [Uint.Name] = Uint,
        [Double.Name] = Double,
        [String.Name] = String,
        [Bytes.Name] = Bytes,
        [List.Name] = List,
        [Map.Name] = Map,
        [Type.Name] = Type,
        [Timestamp.Name] = Timestamp,
        [Duration.Name] = Duration,
        [Optional.Name] = Optional,
        [NetIP.Name] = NetIP,
        [NetCidr.Name] = NetCidr,
    };

    public CelType(string name) => Name = name;

    public string Name { get; }

    /// <summary>Finds a built-in type by the name an expression uses for it.</summary>
    public static bool TryGetBuiltIn(string name, out CelType type) => s_byName.TryGetValue(name, out type!);

    public static CelType Of(in CelValue value) => value.Kind switch
    {
        CelValueKind.Null => Null,
        CelValueKind.Bool => Bool,
        CelValueKind.Int => Int,
        CelValueKind.Uint => Uint,
        CelValueKind.Double => Double,
        CelValueKind.String => String,
        CelValueKind.Bytes => Bytes,
        CelValueKind.List => List,
        CelValueKind.Map => Map,
        CelValueKind.Type => Type,
        CelValueKind.Timestamp => Timestamp,
        CelValueKind.Duration => Duration,
        CelValueKind.Optional => Optional,
        CelValueKind.Object => new CelType(value.ObjectValue.TypeName),
        _ => new CelType("error"),
    };

    public override string ToString() => Name;
}
