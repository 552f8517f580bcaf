using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.Options;
using PatientAccess.Domain.Forms;
using PatientAccess.Domain.PriorAuth;

namespace PatientAccess.Integrations.Forms;

/// <summary>Section "Forms": where the form requirements live.</summary>
public sealed class FormsOptions
{
    public const string Section = "Forms";

    /// <summary>The requirements file; its schema (form-requirements.schema.json) sits next to it.</summary>
    [Required]
    public string RequirementsFile { get; set; } = Path.Combine(AppContext.BaseDirectory, "Forms", FormRequirementsFile.FileName);
}

/// <summary>
/// Reads form-requirements.json: checked against form-requirements.schema.json, then for sense (a default rule, no
/// duplicate rule, only defined visit types). Throws <see cref="InvalidDataException"/> naming the file and the
/// problem, so a bad file stops the host at start-up (<see cref="FormsOptionsValidation"/>) instead of a clearance.
/// </summary>
public static class FormRequirementsFile
{
    public const string FileName = "form-requirements.json";
    public const string SchemaFile = "form-requirements.schema.json";

    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <param name="file">The requirements file; a relative path is taken from the app's folder (where the build puts Forms/).</param>
    public static FormRequirements Load(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        if (!Path.IsPathRooted(file)) file = Path.Combine(AppContext.BaseDirectory, file);
        var name = Path.GetFileName(file);
        if (!File.Exists(file)) throw new InvalidDataException($"Form requirements {name} not found.");
        var schemaPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, SchemaFile);
        var schema = JsonSchema.FromText(File.ReadAllText(schemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(File.ReadAllBytes(file), Reading);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var problems = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
                .Take(5);
            throw new InvalidDataException($"Form requirements {name} do not match {SchemaFile}: {string.Join("; ", problems)}");
        }
        var root = document.RootElement;
        try
        {
            var visitTypes = root.GetProperty("visitTypes").EnumerateArray().Select(v => new VisitType(
                v.GetProperty("name").GetString()!,
                v.GetProperty("codes").EnumerateArray().Select(c => Range(c.GetString()!)).ToList())).ToList();
            var rules = root.GetProperty("rules").EnumerateArray().Select(r => new FormRule(
                r.GetProperty("facility").GetString()!,
                r.GetProperty("visitType").GetString()!,
                r.GetProperty("forms").EnumerateArray().Select(f => Enum.Parse<FormKind>(f.GetString()!)).ToList())).ToList();
            var medicare = root.GetProperty("medicarePayerIds").EnumerateArray().Select(p => p.GetString()!).ToList();
            return new FormRequirements(visitTypes, rules, medicare);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Form requirements {name}: {e.Message}", e);
        }
    }

    private static CodeRange Range(string text)
    {
        var parts = text.Split('-');
        return new CodeRange(parts[0], parts.Length > 1 ? parts[1] : parts[0]);
    }
}

/// <summary>Loads the requirements file when the options are validated, so <c>ValidateOnStart</c> refuses a bad file at start-up.</summary>
public sealed class FormsOptionsValidation : IValidateOptions<FormsOptions>
{
    public ValidateOptionsResult Validate(string? name, FormsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            FormRequirementsFile.Load(options.RequirementsFile);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
