using PatientAccess.PayerSandbox;

var app = SandboxApp.Create(args);
await app.StartAsync();
Console.WriteLine($"PatientAccess payer sandbox listening on {SandboxApp.BaseAddress(app)}");
await app.WaitForShutdownAsync();
