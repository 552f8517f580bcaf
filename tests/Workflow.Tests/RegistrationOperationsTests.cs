using PatientAccess.Domain.Common;
using PatientAccess.Domain.Registrations;
using PatientAccess.Workflow.Operations;

namespace PatientAccess.Workflow.Tests;

public class RegistrationOperationsTests
{
    [Fact]
    public async Task Submit_SameKeySameBody_ReturnsTheFirstRegistrationOnce()
    {
        await using var host = await ClearanceHost.StartAsync();
        var form = Samples.Form();
        var key = Guid.NewGuid().ToString();
        var first = await host.Registrations.SubmitAsync(host.Client, key, form, Samples.Body(form), CancellationToken.None);
        var second = await host.Registrations.SubmitAsync(host.Client, key, form, Samples.Body(form), CancellationToken.None);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.RegistrationId, second.RegistrationId);
        await host.WaitForStageAsync(first.RegistrationId, ClearanceStage.AwaitingCard);
        var instances = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync())
        {
            instances.Add(instance.InstanceId);
        }
        Assert.Single(instances, i => i == first.RegistrationId.ClearanceInstanceId);
    }

    [Fact]
    public async Task Submit_SameKeyDifferentBody_IsRefusedWithoutASecondRegistration()
    {
        await using var host = await ClearanceHost.StartAsync();
        var key = Guid.NewGuid().ToString();
        var form = Samples.Form();
        var first = await host.Registrations.SubmitAsync(host.Client, key, form, Samples.Body(form), CancellationToken.None);
        var other = Samples.Form(givenName: "Someone");
        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() =>
            host.Registrations.SubmitAsync(host.Client, key, other, Samples.Body(other), CancellationToken.None));
        var status = await host.Registrations.GetStatusAsync(first.RegistrationId, CancellationToken.None);
        Assert.Equal(first.RegistrationId.Value, status.Id);
    }

    [Fact]
    public async Task Submit_InvalidForm_ThrowsValidationWithoutClaimingTheKey()
    {
        await using var host = await ClearanceHost.StartAsync();
        var key = Guid.NewGuid().ToString();
        var broken = Samples.Form() with { Appointment = Samples.Form().Appointment! with { RenderingNpi = "1234567890" } };
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            host.Registrations.SubmitAsync(host.Client, key, broken, Samples.Body(broken), CancellationToken.None));
        Assert.Equal("appointment.renderingNpi", Assert.Single(error.Errors).Field);

        // The key was not used up by the invalid request: the corrected request goes through with it.
        var fixedForm = Samples.Form();
        var ok = await host.Registrations.SubmitAsync(host.Client, key, fixedForm, Samples.Body(fixedForm), CancellationToken.None);
        Assert.False(ok.Replayed);
    }

    [Fact]
    public async Task GetStatus_UnknownId_ThrowsNotFound()
    {
        await using var host = await ClearanceHost.StartAsync();
        await Assert.ThrowsAsync<NotFoundException>(() =>
            host.Registrations.GetStatusAsync(RegistrationId.New(Guid.NewGuid()), CancellationToken.None));
    }
}
