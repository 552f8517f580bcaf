namespace PatientAccess.Cli;

/// <summary>Exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Wrong usage, unknown command, unreadable file.</summary>
    public const int Usage = 1;

    /// <summary>The input is malformed (the message says where).</summary>
    public const int BadInput = 2;

    /// <summary>A host the command talks to stopped answering or refused it (the message says how).</summary>
    public const int HostUnavailable = 3;
}

/// <summary>What a command gets: its own arguments (after group and name) and the output writers.</summary>
public sealed record CommandContext(IReadOnlyList<string> Arguments, TextWriter Out, TextWriter Error, CancellationToken CancellationToken)
{
    public bool HasFlag(string flag) => Arguments.Contains(flag, StringComparer.Ordinal);

    /// <summary>Arguments that are not flags (do not start with --).</summary>
    public IReadOnlyList<string> Positional => [.. Arguments.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
}

/// <summary>One command: <c>group name args...</c>.</summary>
public sealed record CliCommand(string Group, string Name, string Usage, string Summary, Func<CommandContext, Task<int>> RunAsync);

/// <summary>Dispatch over <see cref="CommandTable.All"/>.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await WriteHelpAsync(stdout);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        var command = args.Count >= 2
            ? CommandTable.All.FirstOrDefault(c => c.Group == args[0] && c.Name == args[1])
            : null;
        var single = command is null ? CommandTable.All.FirstOrDefault(c => c.Group == args[0] && c.Name.Length == 0) : null;
        if (command is null && single is null)
        {
            await stderr.WriteLineAsync($"unknown command: {string.Join(' ', args.Take(2))}");
            await WriteHelpAsync(stderr);
            return ExitCodes.Usage;
        }

        return command is not null
            ? await command.RunAsync(new CommandContext([.. args.Skip(2)], stdout, stderr, cancellationToken))
            : await single!.RunAsync(new CommandContext([.. args.Skip(1)], stdout, stderr, cancellationToken));
    }

    private static async Task WriteHelpAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: patientaccess <group> <command> [args]");
        foreach (var c in CommandTable.All)
        {
            await writer.WriteLineAsync($"  {c.Usage,-40} {c.Summary}");
        }
    }
}
