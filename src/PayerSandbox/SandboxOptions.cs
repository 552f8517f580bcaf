using System.ComponentModel.DataAnnotations;

namespace PatientAccess.PayerSandbox;

/// <summary>Settings of the sandbox (section "Sandbox").</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Where to listen; loopback only. Port 0 picks a free port (tests).</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:7080";

    /// <summary>The roster file; relative paths are resolved against the app's directory.</summary>
    [Required]
    public string RosterPath { get; set; } = "roster.json";

    /// <summary>Basic-auth user name clients must send.</summary>
    [Required]
    public string Username { get; set; } = "sandbox";

    /// <summary>Basic-auth password clients must send (a sandbox credential, not a secret).</summary>
    [Required]
    public string Password { get; set; } = "sandbox-password";

    /// <summary>When set, "Authorization: Bearer {token}" is accepted too.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Our ISA/CORE id as the clearinghouse.</summary>
    [Required]
    public string ClearinghouseId { get; set; } = "SBXCLEARHOUSE";

    /// <summary>When set, replaces every roster member's delay (e.g. to make "slow" slower in a demo).</summary>
    public int? DelayOverrideMs { get; set; }
}
