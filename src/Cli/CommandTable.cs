using PatientAccess.Cli.Commands;

namespace PatientAccess.Cli;

/// <summary>Every command the tool knows. A new group adds a file under Commands/ and one line here. A command with an empty name is the group itself ("estimate ...").</summary>
public static class CommandTable
{
    public static IReadOnlyList<CliCommand> All { get; } =
    [
        .. X12Commands.Commands,
        .. Eligibility.EligibilityCommands.Commands,
        .. Demo.DemoCommands.Commands,
        .. Cards.CardCommands.Commands,
        .. Estimates.EstimateCommands.Commands,
        .. PriorAuth.AuthCommands.Commands,
    ];
}
