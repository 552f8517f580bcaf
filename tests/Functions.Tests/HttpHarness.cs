using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// Calls a function the way the worker's ASP.NET Core integration does: a real <see cref="HttpContext"/> on
/// the <see cref="FunctionContext"/> (under the key the integration uses), the error middleware around the
/// function, and the function's <see cref="IResult"/> executed against the context afterwards.
/// </summary>
internal static class HttpHarness
{
    public static DefaultHttpContext NewContext(
        IServiceProvider services, string method, string path, string? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("patientaccess.example");
        var queryAt = path.IndexOf('?', StringComparison.Ordinal);
        context.Request.Path = queryAt < 0 ? path : path[..queryAt];
        if (queryAt >= 0)
        {
            context.Request.QueryString = new QueryString(path[queryAt..]);
        }
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<HttpAnswer> InvokeAsync(
        IServiceProvider services, HttpContext httpContext, string functionName, Func<Task<IResult>> function, ILogger<ProblemDetailsMiddleware>? logger = null)
    {
        var functionContext = new TestFunctionContext(functionName, "httpTrigger", services);
        functionContext.Items[HttpContextKey] = httpContext;
        IResult? result = null;
        var middleware = new ProblemDetailsMiddleware(logger ?? NullLogger<ProblemDetailsMiddleware>.Instance);
        await middleware.Invoke(functionContext, async _ => result = await function());
        if (result is not null)
        {
            await result.ExecuteAsync(httpContext);
        }
        return await HttpAnswer.ReadAsync(httpContext);
    }

    /// <summary>Where Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore keeps the HttpContext; read back by GetHttpContext().</summary>
    public const string HttpContextKey = "HttpRequestContext";
}

/// <summary>What a client would see: status, headers, body.</summary>
internal sealed record HttpAnswer(int Status, IHeaderDictionary Headers, string ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public static async Task<HttpAnswer> ReadAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        return new HttpAnswer(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType ?? string.Empty, body);
    }
}

/// <summary>A <see cref="FunctionContext"/> (framework abstract class) with a definition naming the trigger type.</summary>
internal sealed class TestFunctionContext(string functionName, string triggerType, IServiceProvider services) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition { get; } = new TestFunctionDefinition(functionName, triggerType);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();
}

internal sealed class TestFunctionDefinition(string name, string triggerType) : FunctionDefinition
{
    public override ImmutableArray<FunctionParameter> Parameters => [];

    public override string PathToAssembly => typeof(RegistrationFunctions).Assembly.Location;

    public override string EntryPoint => $"{typeof(RegistrationFunctions).FullName}.{name}";

    public override string Id { get; } = Guid.NewGuid().ToString("N");

    public override string Name => name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
        ImmutableDictionary<string, BindingMetadata>.Empty.Add("trigger", new TestBindingMetadata("trigger", triggerType, BindingDirection.In));

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
}

internal sealed class TestBindingMetadata(string name, string type, BindingDirection direction) : BindingMetadata
{
    public override string Name => name;

    public override string Type => type;

    public override BindingDirection Direction => direction;
}
