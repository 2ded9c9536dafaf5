namespace AgentGateway.Hosting.Tokens;

/// <summary>
/// Walks a subcommand's arguments one option at a time. An option's value is either the next argument
/// (<c>--aud https://api</c>) or follows an equals sign (<c>--aud=https://api</c>).
/// </summary>
/// <remarks>
/// The next argument is taken as a value even when it starts with <c>-</c>, so <c>--expires-in -5m</c> works.
/// </remarks>
internal sealed class CommandArguments
{
    private readonly string _command;
    private readonly IReadOnlyList<string> _args;
    private int _index = -1;
    private string? _inlineValue;

    /// <summary>Creates a reader over <paramref name="args"/> for the subcommand <paramref name="command"/>.</summary>
    public CommandArguments(string command, IReadOnlyList<string> args)
    {
        _command = command;
        _args = args;
    }

    /// <summary>The current option, without any <c>=value</c> part.</summary>
    public string Option { get; private set; } = "";

    /// <summary>Moves to the next option; false at the end.</summary>
    public bool MoveNext()
    {
        if (++_index >= _args.Count)
        {
            return false;
        }

        var arg = _args[_index];
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
        {
            Option = arg[..equals];
            _inlineValue = arg[(equals + 1)..];
        }
        else
        {
            Option = arg;
            _inlineValue = null;
        }

        return true;
    }

    /// <summary>The current option's value; a usage error when there is none.</summary>
    public string Value(string what)
    {
        if (_inlineValue is not null)
        {
            return _inlineValue;
        }

        if (_index + 1 >= _args.Count)
        {
            throw CommandLineException.Usage(_command, $"option '{Option}' needs a value: {what}");
        }

        return _args[++_index];
    }

    /// <summary>Checks that the current option (a flag) was not given a value.</summary>
    public void Flag()
    {
        if (_inlineValue is not null)
        {
            throw CommandLineException.Usage(_command, $"option '{Option}' takes no value");
        }
    }

    /// <summary>The error for an option the subcommand does not know.</summary>
    public CommandLineException Unknown() =>
        CommandLineException.Usage(_command, $"unknown argument '{Option}'");

    /// <summary>The error for a required option that is missing.</summary>
    public CommandLineException Missing(string option, string what) =>
        CommandLineException.Usage(_command, $"option '{option}' is required: {what}");
}
