using PatientAccess.Api;

namespace PatientAccess.Functions;

/// <summary>
/// host.json's <c>routePrefix</c> is empty so that the same app answers the pages (<c>/portal/...</c>,
/// <c>/console/...</c>) and the API; every API trigger's route therefore starts with <see cref="Api"/>, which puts it
/// where the LocalHost's route group puts it.
/// </summary>
internal static class FunctionRoute
{
    public const string Api = ApiRoutes.Prefix + "/";
}
