using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PatientAccess.PayerSandbox;

namespace PatientAccess.Eligibility.Tests.Infrastructure;

/// <summary>The real payer sandbox, in-process on a free loopback port.</summary>
public sealed class SandboxHost : IAsyncLifetime
{
    public const string Username = "sandbox";
    public const string Password = "test-sandbox-password";

    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public PayerSimulator Simulator => _app!.Services.GetRequiredService<PayerSimulator>();

    public async Task InitializeAsync()
    {
        _app = SandboxApp.Create([], new Dictionary<string, string?>
        {
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Sandbox:Username"] = Username,
            ["Sandbox:Password"] = Password,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await _app.StartAsync();
        BaseAddress = SandboxApp.BaseAddress(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
