using Microsoft.AspNetCore.Http;
using PatientAccess.Api;
using PatientAccess.Tests.Common;

namespace PatientAccess.Functions.Tests;

/// <summary>
/// Who the audit names: the principal App Service authentication put on the request, and only when that authentication
/// is in front of the app. A header a caller sends by itself names nobody.
/// </summary>
public sealed class PlatformSignInTests
{
    [Fact]
    public void NameOf_ForgedPrincipalNameHeader_NamesOnlyTheKeyHolder()
    {
        var context = Context(new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL-NAME"] = "chief.of.staff@example.org" });

        Assert.Equal(Caller.KeyHolder, Caller.NameOf(context));
    }

    [Fact]
    public void Apply_PrincipalHeaderWithoutPlatformAuthentication_LeavesTheRequestAnonymous()
    {
        var context = Context(BadRequestTable.Specialist());

        PlatformSignIn.Apply(context.Request, new ConsoleHostOptions { PlatformAuthentication = false });

        Assert.False(context.User.Identity?.IsAuthenticated ?? false);
        Assert.Equal(Caller.KeyHolder, Caller.NameOf(context));
    }

    [Fact]
    public void Apply_PrincipalHeaderBehindPlatformAuthentication_AuditNamesThePrincipal()
    {
        var context = Context(BadRequestTable.Specialist());

        PlatformSignIn.Apply(context.Request, new ConsoleHostOptions { PlatformAuthentication = true });

        Assert.True(context.User.IsInRole(SpecialistAccess.Role));
        Assert.Equal("Table Specialist", Caller.NameOf(context));
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("bnVsbA==")]
    [InlineData("W10=")]
    [InlineData("eyJ1c2VyRGV0YWlscyI6IiJ9")]
    public void Apply_MalformedPrincipalHeader_LeavesTheRequestAnonymous(string header)
    {
        var context = Context(new Dictionary<string, string> { [SpecialistAccess.PlatformPrincipalHeader] = header });

        PlatformSignIn.Apply(context.Request, new ConsoleHostOptions { PlatformAuthentication = true });

        Assert.Equal(Caller.KeyHolder, Caller.NameOf(context));
    }

    private static DefaultHttpContext Context(IReadOnlyDictionary<string, string> headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        return context;
    }
}
