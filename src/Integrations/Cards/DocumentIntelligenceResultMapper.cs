using System.Globalization;
using System.Text.Json;
using PatientAccess.Domain.Cards;

namespace PatientAccess.Integrations.Cards;

/// <summary>
/// Maps a succeeded analyze operation (v4 2024-11-30 or v3.1 2023-07-31) of prebuilt-healthInsuranceCard.us to the
/// domain card. Copay amounts come as a number (v4) or a currency object (v3.1); both are read.
/// </summary>
public static class DocumentIntelligenceResultMapper
{
    public static InsuranceCard Map(JsonElement operation)
    {
        if (!operation.TryGetProperty("analyzeResult", out var result) ||
            !result.TryGetProperty("documents", out var documents) || documents.ValueKind != JsonValueKind.Array || documents.GetArrayLength() == 0)
        {
            return new InsuranceCard();
        }
        var fields = documents[0].TryGetProperty("fields", out var f) ? f : default;
        return new InsuranceCard
        {
            Insurer = Str(fields, "Insurer"),
            Member = Obj(fields, "Member") is { } m
                ? new CardMember
                {
                    Name = Str(m, "Name"),
                    BirthDate = Date(m, "BirthDate"),
                    Employer = Str(m, "Employer"),
                    Gender = Str(m, "Gender"),
                    IdNumberSuffix = Str(m, "IdNumberSuffix"),
                }
                : null,
            Dependents = Arr(fields, "Dependents").Select(d => new CardDependent { Name = Str(d, "Name") }).ToList(),
            IdNumber = Obj(fields, "IdNumber") is { } id ? new CardIdNumber { Prefix = Str(id, "Prefix"), Number = Str(id, "Number") } : null,
            GroupNumber = Str(fields, "GroupNumber"),
            PrescriptionInfo = Obj(fields, "PrescriptionInfo") is { } rx
                ? new CardPrescriptionInfo
                {
                    Issuer = Str(rx, "Issuer"),
                    RxBin = Str(rx, "RxBIN"),
                    RxPcn = Str(rx, "RxPCN"),
                    RxGrp = Str(rx, "RxGrp"),
                    RxId = Str(rx, "RxId"),
                    RxPlan = Str(rx, "RxPlan"),
                }
                : null,
            Pbm = Str(fields, "Pbm"),
            EffectiveDate = Date(fields, "EffectiveDate"),
            Copays = Arr(fields, "Copays").Select(c => new CardCopay { Benefit = Str(c, "Benefit"), Amount = Amount(c, "Amount") }).ToList(),
            Payer = Obj(fields, "Payer") is { } p
                ? new CardPayer { Id = Str(p, "Id"), Address = Str(p, "Address"), PhoneNumber = Str(p, "PhoneNumber") }
                : null,
            Plan = Obj(fields, "Plan") is { } plan
                ? new CardPlan { Number = Str(plan, "Number"), Name = Str(plan, "Name"), Type = Str(plan, "Type") }
                : null,
            MedicareMedicaidInfo = Obj(fields, "MedicareMedicaidInfo") is { } mm
                ? new CardMedicareMedicaidInfo
                {
                    Id = Str(mm, "Id"),
                    PartAEffectiveDate = Date(mm, "PartAEffectiveDate"),
                    PartBEffectiveDate = Date(mm, "PartBEffectiveDate"),
                }
                : null,
        };
    }

    private static JsonElement? Field(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var f) && f.ValueKind == JsonValueKind.Object ? f : null;

    private static double Confidence(JsonElement field) =>
        field.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? Math.Clamp(c.GetDouble(), 0, 1) : 0;

    private static JsonElement? Obj(JsonElement parent, string name) =>
        Field(parent, name) is { } f && f.TryGetProperty("valueObject", out var o) && o.ValueKind == JsonValueKind.Object ? o : null;

    private static IEnumerable<JsonElement> Arr(JsonElement parent, string name)
    {
        if (Field(parent, name) is not { } f || !f.TryGetProperty("valueArray", out var a) || a.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in a.EnumerateArray())
        {
            if (item.TryGetProperty("valueObject", out var o) && o.ValueKind == JsonValueKind.Object) yield return o;
        }
    }

    /// <summary>Text of any scalar field: valueString, valuePhoneNumber, else the printed content.</summary>
    private static CardField<string>? Str(JsonElement parent, string name)
    {
        if (Field(parent, name) is not { } f) return null;
        string? value = null;
        foreach (var prop in new[] { "valueString", "valuePhoneNumber", "valueCountryRegion" })
        {
            if (f.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String) { value = v.GetString(); break; }
        }
        if (value is null && f.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String) value = content.GetString();
        return string.IsNullOrWhiteSpace(value) ? null : new CardField<string>(value.Trim(), Confidence(f), CardEngine.DocumentIntelligence);
    }

    private static CardField<DateOnly>? Date(JsonElement parent, string name)
    {
        if (Field(parent, name) is not { } f) return null;
        if (f.TryGetProperty("valueDate", out var v) && v.ValueKind == JsonValueKind.String &&
            DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return new CardField<DateOnly>(d, Confidence(f), CardEngine.DocumentIntelligence);
        }
        if (f.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String &&
            DateOnly.TryParse(c.GetString(), CultureInfo.GetCultureInfo("en-US"), DateTimeStyles.None, out var parsed))
        {
            return new CardField<DateOnly>(parsed, Confidence(f), CardEngine.DocumentIntelligence);
        }
        return null;
    }

    /// <summary>v4: {"type":"number","valueNumber":20}; v3.1: {"type":"currency","valueCurrency":{"amount":20,"currencySymbol":"$"}}.</summary>
    private static CardField<decimal>? Amount(JsonElement parent, string name)
    {
        if (Field(parent, name) is not { } f) return null;
        decimal? amount = null;
        if (f.TryGetProperty("valueNumber", out var n) && n.ValueKind == JsonValueKind.Number) amount = n.GetDecimal();
        else if (f.TryGetProperty("valueCurrency", out var cur) && cur.ValueKind == JsonValueKind.Object &&
                 cur.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number) amount = a.GetDecimal();
        else if (f.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String &&
                 decimal.TryParse(c.GetString()?.Trim().TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)) amount = parsed;
        return amount is null ? null : new CardField<decimal>(amount.Value, Confidence(f), CardEngine.DocumentIntelligence);
    }
}
