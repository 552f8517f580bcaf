using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using PatientAccess.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddPatientAccess();
builder.Build().Run();
