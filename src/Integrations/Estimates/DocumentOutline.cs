using System.Globalization;
using PatientAccess.Domain.Estimates;

namespace PatientAccess.Integrations.Estimates;

/// <summary>A printable document as a list of blocks, written once and rendered as HTML or PDF.</summary>
public sealed record DocumentOutline(string Title, string Subtitle, IReadOnlyList<DocumentBlock> Blocks);

/// <summary>One block of a <see cref="DocumentOutline"/>.</summary>
public abstract record DocumentBlock;

public sealed record HeadingBlock(string Text) : DocumentBlock;

public sealed record ParagraphBlock(string Text, bool Emphasis = false) : DocumentBlock;

/// <summary>Label: value pairs.</summary>
public sealed record FieldsBlock(IReadOnlyList<(string Label, string Value)> Fields) : DocumentBlock;

/// <summary>A table; columns in <see cref="NumericColumns"/> are right-aligned; <see cref="Footer"/> rows are bold.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlySet<int> NumericColumns, IReadOnlyList<IReadOnlyList<string>> Footer) : DocumentBlock;

/// <summary>The outline of a Good Faith Estimate: every element 45 CFR 149.610(c) asks for, in plain words.</summary>
public static class GoodFaithEstimateOutline
{
    public static DocumentOutline For(GoodFaithEstimate gfe)
    {
        ArgumentNullException.ThrowIfNull(gfe);
        var s = gfe.Subject;
        var blocks = new List<DocumentBlock>
        {
            new FieldsBlock(
            [
                ("Patient", s.PatientName),
                ("Date of birth", Date(s.PatientBirthDate)),
                ("Primary service", s.PrimaryService),
                ("Scheduled for", Date(s.ServiceDate)),
                ("Diagnosis codes", s.DiagnosisCodes.Count == 0 ? "none given when the service was scheduled" : string.Join(", ", s.DiagnosisCodes)),
                ("Estimate number", gfe.Id),
                ("Issued on", Date(gfe.IssuedOn)),
                ("Scheduled on", Date(s.ScheduledOn)),
                ("Deliver by", gfe.Deadline.DueBy is { } due ? $"{Date(due)} ({gfe.Deadline.Rule})" : gfe.Deadline.Rule),
            ]),
            new HeadingBlock("Providers and facilities"),
            new TableBlock(
                ["Role", "Name", "NPI", "TIN", "Location", "State"],
                [.. gfe.Providers.Select(p => (IReadOnlyList<string>)[p.Role, p.Name, p.Npi, p.TaxId ?? "-", p.Location, p.State])],
                new HashSet<int>(),
                []),
        };
        foreach (var provider in gfe.Providers.Where(p => gfe.Items.Any(i => i.ProviderNpi == p.Npi)))
        {
            var items = gfe.Items.Where(i => i.ProviderNpi == provider.Npi).ToList();
            blocks.Add(new HeadingBlock($"Items and services from {provider.Name}"));
            blocks.Add(new TableBlock(
                ["#", "Code", "Description", "Qty", "Expected charge"],
                [.. items.Select(i => (IReadOnlyList<string>)[i.Number.ToString(CultureInfo.InvariantCulture), $"{i.Code.Code} ({i.Code.Type})", i.Description, i.Quantity.ToString(CultureInfo.InvariantCulture), Dollars(i.ExpectedCharge)])],
                new HashSet<int> { 3, 4 },
                [["", "", $"Total expected charges from {provider.Name}", "", Dollars(gfe.TotalFor(provider.Npi))]]));
        }
        blocks.Add(new ParagraphBlock($"Total expected charges on this Good Faith Estimate: {Dollars(gfe.Total)}", Emphasis: true));
        blocks.Add(new HeadingBlock("Items or services to be scheduled separately"));
        blocks.Add(new ParagraphBlock(gfe.SeparatelyScheduled.Count == 0
            ? "None are expected before or after this service. If your provider recommends other care, it is scheduled separately and you may ask for a Good Faith Estimate for it."
            : string.Join("; ", gfe.SeparatelyScheduled)));
        blocks.Add(new HeadingBlock("Please read"));
        blocks.AddRange(gfe.Disclaimers.Select(d => new ParagraphBlock(d)));
        blocks.Add(new HeadingBlock("Your right to dispute the bill"));
        blocks.Add(new ParagraphBlock(gfe.DisputeNotice));
        blocks.Add(new ParagraphBlock(gfe.Rounding));
        return new DocumentOutline("Good Faith Estimate", $"for an uninsured (or self-pay) patient — {gfe.Providers[0].Name}", blocks);
    }

    public static string Dollars(decimal amount) => "$" + Money.Format(amount);

    private static string Date(DateOnly date) => date.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
