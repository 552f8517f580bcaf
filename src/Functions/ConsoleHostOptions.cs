namespace PatientAccess.Functions;

/// <summary>
/// How the Functions host learns who is signed in to the console. The platform's principal header is trusted only when
/// App Service authentication runs in front of the app (it strips the header from callers' requests); infra sets
/// <c>Console__PlatformAuthentication=true</c> in the same module that enables it (infra/app/appsettings.bicep). Off by
/// default: without it every console route answers 401, whatever headers a caller sends.
/// </summary>
public sealed class ConsoleHostOptions
{
    public const string Section = "Console";

    /// <summary>App Service authentication is enabled in front of this app, so its principal header can be trusted.</summary>
    public bool PlatformAuthentication { get; set; }
}
