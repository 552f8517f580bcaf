using System.Globalization;
using System.Text.Json;
using PatientAccess.X12.Core;
using PatientAccess.X12.Eligibility;

namespace PatientAccess.Cli.Commands;

/// <summary>
/// The 270/271 model and the 271 semantic view written straight to a <see cref="Utf8JsonWriter"/>, by the rules of
/// <see cref="X12JsonView.Options"/>: camelCase, properties in declaration order, what was read or decided only (no
/// derived properties), nulls, empty lists and None/NotSpecified enum values left out. A batch is mostly 271s, and
/// the serializer with those rules (contract modifiers, boxed enums, a polymorphic model) cost several times the
/// read itself; a test holds this writer to the serializer's output for every corpus file.
/// </summary>
internal static class X12EligibilityJson
{
    public static void Write(Utf8JsonWriter w, EligibilityTransaction t)
    {
        w.WriteStartObject();
        w.WriteString("transactionSetId"u8, t.TransactionSetId);
        Text(w, "controlNumber"u8, t.ControlNumber);
        Text(w, "implementationReference"u8, t.ImplementationReference);
        Text(w, "hierarchicalStructureCode"u8, t.HierarchicalStructureCode);
        Text(w, "purposeCode"u8, t.PurposeCode);
        Text(w, "referenceId"u8, t.ReferenceId);
        Text(w, "date"u8, t.Date);
        Text(w, "time"u8, t.Time);
        Text(w, "transactionTypeCode"u8, t.TransactionTypeCode);
        List(w, "sources"u8, t.Sources, Source);
        List(w, "otherSegments"u8, t.OtherSegments, Generic);
        Texts(w, "warnings"u8, t.Warnings);
        List(w, "envelopeErrors"u8, t.EnvelopeErrors, EnvelopeError);
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, EligibilitySummary s)
    {
        w.WriteStartObject();
        Text(w, "payerName"u8, s.PayerName);
        Text(w, "payerId"u8, s.PayerId);
        List(w, "members"u8, s.Members, Member);
        List(w, "issues"u8, s.Issues, Issue);
        List(w, "envelopeErrors"u8, s.EnvelopeErrors, EnvelopeError);
        w.WriteEndObject();
    }

    public static void EnvelopeError(Utf8JsonWriter w, X12EnvelopeError e)
    {
        w.WriteStartObject();
        w.WriteString("reason"u8, e.Reason);
        w.WriteNumber("segmentIndex"u8, e.SegmentIndex);
        w.WriteNumber("byteOffset"u8, e.ByteOffset);
        Text(w, "segmentId"u8, e.SegmentId);
        w.WriteEndObject();
    }

    private static void Source(Utf8JsonWriter w, InformationSourceLevel s)
    {
        w.WriteStartObject();
        List(w, "errors"u8, s.Errors, Aaa);
        Object(w, "payer"u8, s.Payer, Party);
        List(w, "otherSegments"u8, s.OtherSegments, Generic);
        List(w, "receivers"u8, s.Receivers, Receiver);
        w.WriteEndObject();
    }

    private static void Receiver(Utf8JsonWriter w, InformationReceiverLevel r)
    {
        w.WriteStartObject();
        List(w, "errors"u8, r.Errors, Aaa);
        Object(w, "provider"u8, r.Provider, Party);
        List(w, "otherSegments"u8, r.OtherSegments, Generic);
        List(w, "subscribers"u8, r.Subscribers, Level);
        w.WriteEndObject();
    }

    private static void Level(Utf8JsonWriter w, MemberLevel m)
    {
        w.WriteStartObject();
        Text(w, "levelCode"u8, m.LevelCode);
        List(w, "traces"u8, m.Traces, Trace);
        List(w, "errors"u8, m.Errors, Aaa);
        Object(w, "member"u8, m.Member, Party);
        List(w, "otherSegments"u8, m.OtherSegments, Generic);
        List(w, "inquiries"u8, m.Inquiries, Query);
        List(w, "benefits"u8, m.Benefits, Benefit);
        List(w, "dependents"u8, m.Dependents, Level);
        w.WriteEndObject();
    }

    private static void Party(Utf8JsonWriter w, X12Party p)
    {
        w.WriteStartObject();
        Text(w, "entityIdentifierCode"u8, p.EntityIdentifierCode);
        Text(w, "entityTypeQualifier"u8, p.EntityTypeQualifier);
        Text(w, "lastOrOrganizationName"u8, p.LastOrOrganizationName);
        Text(w, "firstName"u8, p.FirstName);
        Text(w, "middleName"u8, p.MiddleName);
        Text(w, "namePrefix"u8, p.NamePrefix);
        Text(w, "nameSuffix"u8, p.NameSuffix);
        Text(w, "identificationQualifier"u8, p.IdentificationQualifier);
        Text(w, "identification"u8, p.Identification);
        Text(w, "entityRelationshipCode"u8, p.EntityRelationshipCode);
        List(w, "references"u8, p.References, Reference);
        Object(w, "address"u8, p.Address, Address);
        List(w, "contacts"u8, p.Contacts, Contact);
        List(w, "errors"u8, p.Errors, Aaa);
        Object(w, "provider"u8, p.Provider, Provider);
        Object(w, "demographics"u8, p.Demographics, Demographics);
        Object(w, "relationship"u8, p.Relationship, Relationship);
        List(w, "dates"u8, p.Dates, Date);
        List(w, "otherSegments"u8, p.OtherSegments, Generic);
        w.WriteEndObject();
    }

    private static void Query(Utf8JsonWriter w, EligibilityQuery q)
    {
        w.WriteStartObject();
        Texts(w, "serviceTypeCodes"u8, q.ServiceTypeCodes);
        Texts(w, "procedure"u8, q.Procedure);
        Text(w, "coverageLevelCode"u8, q.CoverageLevelCode);
        Texts(w, "diagnosisPointers"u8, q.DiagnosisPointers);
        List(w, "amounts"u8, q.Amounts, Amount);
        List(w, "additionalInformation"u8, q.AdditionalInformation, Information);
        List(w, "references"u8, q.References, Reference);
        List(w, "dates"u8, q.Dates, Date);
        List(w, "otherSegments"u8, q.OtherSegments, Generic);
        w.WriteEndObject();
    }

    private static void Benefit(Utf8JsonWriter w, BenefitInformation b)
    {
        w.WriteStartObject();
        Text(w, "informationCode"u8, b.InformationCode);
        Text(w, "coverageLevelCode"u8, b.CoverageLevelCode);
        Texts(w, "serviceTypeCodes"u8, b.ServiceTypeCodes);
        Text(w, "insuranceTypeCode"u8, b.InsuranceTypeCode);
        Text(w, "planCoverageDescription"u8, b.PlanCoverageDescription);
        Text(w, "timePeriodQualifier"u8, b.TimePeriodQualifier);
        Number(w, "monetaryAmount"u8, b.MonetaryAmount);
        Number(w, "percent"u8, b.Percent);
        Text(w, "quantityQualifier"u8, b.QuantityQualifier);
        Number(w, "quantity"u8, b.Quantity);
        Text(w, "authorizationRequired"u8, b.AuthorizationRequired);
        Text(w, "inPlanNetwork"u8, b.InPlanNetwork);
        Texts(w, "procedure"u8, b.Procedure);
        Texts(w, "diagnosisPointers"u8, b.DiagnosisPointers);
        List(w, "deliveries"u8, b.Deliveries, Delivery);
        List(w, "references"u8, b.References, Reference);
        List(w, "dates"u8, b.Dates, Date);
        List(w, "errors"u8, b.Errors, Aaa);
        Texts(w, "messages"u8, b.Messages);
        List(w, "additionalInformation"u8, b.AdditionalInformation, Information);
        List(w, "relatedEntities"u8, b.RelatedEntities, Party);
        List(w, "otherSegments"u8, b.OtherSegments, Generic);
        w.WriteEndObject();
    }

    private static void Trace(Utf8JsonWriter w, TraceNumber t)
    {
        w.WriteStartObject();
        Text(w, "typeCode"u8, t.TypeCode);
        Text(w, "referenceId"u8, t.ReferenceId);
        Text(w, "originatorId"u8, t.OriginatorId);
        Text(w, "supplementalId"u8, t.SupplementalId);
        w.WriteEndObject();
    }

    private static void Aaa(Utf8JsonWriter w, AaaError e)
    {
        w.WriteStartObject();
        Text(w, "validRequestIndicator"u8, e.ValidRequestIndicator);
        Text(w, "rejectReasonCode"u8, e.RejectReasonCode);
        Text(w, "followUpActionCode"u8, e.FollowUpActionCode);
        Text(w, "agencyQualifier"u8, e.AgencyQualifier);
        w.WriteEndObject();
    }

    private static void Reference(Utf8JsonWriter w, ReferenceNumber r)
    {
        w.WriteStartObject();
        Text(w, "qualifier"u8, r.Qualifier);
        Text(w, "value"u8, r.Value);
        Text(w, "description"u8, r.Description);
        w.WriteEndObject();
    }

    private static void Amount(Utf8JsonWriter w, MonetaryAmount a)
    {
        w.WriteStartObject();
        Text(w, "qualifier"u8, a.Qualifier);
        Number(w, "amount"u8, a.Amount);
        w.WriteEndObject();
    }

    private static void Address(Utf8JsonWriter w, PostalAddress a)
    {
        w.WriteStartObject();
        Text(w, "line1"u8, a.Line1);
        Text(w, "line2"u8, a.Line2);
        Text(w, "city"u8, a.City);
        Text(w, "state"u8, a.State);
        Text(w, "postalCode"u8, a.PostalCode);
        Text(w, "countryCode"u8, a.CountryCode);
        Text(w, "countrySubdivision"u8, a.CountrySubdivision);
        w.WriteEndObject();
    }

    private static void Contact(Utf8JsonWriter w, ContactInformation c)
    {
        w.WriteStartObject();
        Text(w, "functionCode"u8, c.FunctionCode);
        Text(w, "name"u8, c.Name);
        List(w, "numbers"u8, c.Numbers, static (w, n) =>
        {
            w.WriteStartObject();
            Text(w, "qualifier"u8, n.Qualifier);
            Text(w, "number"u8, n.Number);
            w.WriteEndObject();
        });
        w.WriteEndObject();
    }

    private static void Provider(Utf8JsonWriter w, ProviderInformation p)
    {
        w.WriteStartObject();
        Text(w, "providerCode"u8, p.ProviderCode);
        Text(w, "referenceQualifier"u8, p.ReferenceQualifier);
        Text(w, "reference"u8, p.Reference);
        w.WriteEndObject();
    }

    private static void Demographics(Utf8JsonWriter w, Demographics d)
    {
        w.WriteStartObject();
        Text(w, "dateFormat"u8, d.DateFormat);
        Text(w, "dateOfBirth"u8, d.DateOfBirth);
        Text(w, "gender"u8, d.Gender);
        w.WriteEndObject();
    }

    private static void Relationship(Utf8JsonWriter w, InsuredRelationship r)
    {
        w.WriteStartObject();
        Text(w, "subscriberIndicator"u8, r.SubscriberIndicator);
        Text(w, "relationshipCode"u8, r.RelationshipCode);
        Text(w, "maintenanceTypeCode"u8, r.MaintenanceTypeCode);
        Text(w, "maintenanceReasonCode"u8, r.MaintenanceReasonCode);
        Text(w, "birthSequenceNumber"u8, r.BirthSequenceNumber);
        w.WriteEndObject();
    }

    private static void Date(Utf8JsonWriter w, DateReference d)
    {
        w.WriteStartObject();
        Text(w, "qualifier"u8, d.Qualifier);
        Text(w, "format"u8, d.Format);
        Text(w, "value"u8, d.Value);
        w.WriteEndObject();
    }

    private static void Delivery(Utf8JsonWriter w, ServiceDelivery d)
    {
        w.WriteStartObject();
        Text(w, "quantityQualifier"u8, d.QuantityQualifier);
        Text(w, "quantity"u8, d.Quantity);
        Text(w, "unitQualifier"u8, d.UnitQualifier);
        Text(w, "sampleSelectionModulus"u8, d.SampleSelectionModulus);
        Text(w, "timePeriodQualifier"u8, d.TimePeriodQualifier);
        Text(w, "periodCount"u8, d.PeriodCount);
        Text(w, "deliveryFrequencyCode"u8, d.DeliveryFrequencyCode);
        Text(w, "deliveryPatternTimeCode"u8, d.DeliveryPatternTimeCode);
        w.WriteEndObject();
    }

    private static void Information(Utf8JsonWriter w, AdditionalInformation i)
    {
        w.WriteStartObject();
        Text(w, "codeListQualifier"u8, i.CodeListQualifier);
        Text(w, "industryCode"u8, i.IndustryCode);
        Text(w, "categoryCode"u8, i.CategoryCode);
        Text(w, "freeText"u8, i.FreeText);
        w.WriteEndObject();
    }

    private static void Generic(Utf8JsonWriter w, GenericSegment g)
    {
        w.WriteStartObject();
        Text(w, "id"u8, g.Id);
        if (g.Elements.Count > 0)
        {
            // The inner lists are items, not properties: written even when empty, as the serializer does.
            w.WriteStartArray("elements"u8);
            foreach (var element in g.Elements)
            {
                w.WriteStartArray();
                foreach (var component in element)
                {
                    w.WriteStringValue(component);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Member(Utf8JsonWriter w, MemberEligibility m)
    {
        w.WriteStartObject();
        w.WriteBoolean("isDependent"u8, m.IsDependent);
        Text(w, "memberId"u8, m.MemberId);
        Text(w, "lastName"u8, m.LastName);
        Text(w, "firstName"u8, m.FirstName);
        Day(w, "dateOfBirth"u8, m.DateOfBirth);
        Texts(w, "traceNumbers"u8, m.TraceNumbers);
        w.WriteString("status"u8, Name(m.Status));
        Day(w, "coverageStart"u8, m.CoverageStart);
        Day(w, "coverageEnd"u8, m.CoverageEnd);
        Text(w, "planName"u8, m.PlanName);
        Text(w, "planNumber"u8, m.PlanNumber);
        Text(w, "groupNumber"u8, m.GroupNumber);
        Text(w, "groupName"u8, m.GroupName);
        Text(w, "insuranceTypeCode"u8, m.InsuranceTypeCode);
        List(w, "services"u8, m.Services, Service);
        List(w, "issues"u8, m.Issues, Issue);
        Text(w, "primaryCareProvider"u8, m.PrimaryCareProvider);
        List(w, "coverages"u8, m.Coverages, Coverage);
        w.WriteEndObject();
    }

    private static void Service(Utf8JsonWriter w, ServiceBenefits s)
    {
        w.WriteStartObject();
        Text(w, "serviceTypeCode"u8, s.ServiceTypeCode);
        Text(w, "serviceTypeName"u8, s.ServiceTypeName);
        Flag(w, "covered"u8, s.Covered);
        Flag(w, "authorizationRequired"u8, s.AuthorizationRequired);
        List(w, "copays"u8, s.Copays, Value);
        List(w, "coinsurance"u8, s.Coinsurance, Value);
        List(w, "deductibles"u8, s.Deductibles, Value);
        List(w, "outOfPocket"u8, s.OutOfPocket, Value);
        List(w, "limitations"u8, s.Limitations, Value);
        Texts(w, "messages"u8, s.Messages);
        Texts(w, "otherInformationCodes"u8, s.OtherInformationCodes);
        w.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter w, BenefitValue v)
    {
        w.WriteStartObject();
        Number(w, "amount"u8, v.Amount);
        Number(w, "percent"u8, v.Percent);
        Number(w, "quantity"u8, v.Quantity);
        Text(w, "quantityQualifier"u8, v.QuantityQualifier);
        if (v.Level != BenefitLevel.NotSpecified)
        {
            w.WriteString("level"u8, Name(v.Level));
        }

        Text(w, "coverageLevelCode"u8, v.CoverageLevelCode);
        if (v.Network != NetworkScope.NotSpecified)
        {
            w.WriteString("network"u8, Name(v.Network));
        }

        w.WriteString("kind"u8, Name(v.Kind));
        Text(w, "timePeriodCode"u8, v.TimePeriodCode);
        Text(w, "timePeriod"u8, v.TimePeriod);
        Text(w, "description"u8, v.Description);
        Flag(w, "authorizationRequired"u8, v.AuthorizationRequired);
        Texts(w, "messages"u8, v.Messages);
        Text(w, "insuranceTypeCode"u8, v.InsuranceTypeCode);
        Part(w, v.MedicarePart);
        if (v.Procedure is { } p)
        {
            w.WriteStartObject("procedure"u8);
            Text(w, "qualifier"u8, p.Qualifier);
            Text(w, "code"u8, p.Code);
            Texts(w, "modifiers"u8, p.Modifiers);
            Text(w, "description"u8, p.Description);
            w.WriteEndObject();
        }

        List(w, "deliveries"u8, v.Deliveries, Delivery);
        if (v.Days is { } days)
        {
            w.WriteStartObject("days"u8);
            w.WriteNumber("from"u8, days.From);
            w.WriteNumber("to"u8, days.To);
            w.WriteEndObject();
        }

        List(w, "dates"u8, v.Dates, Date);
        w.WriteEndObject();
    }

    private static void Coverage(Utf8JsonWriter w, CoveragePeriod c)
    {
        w.WriteStartObject();
        Text(w, "informationCode"u8, c.InformationCode);
        w.WriteBoolean("active"u8, c.Active);
        Text(w, "insuranceTypeCode"u8, c.InsuranceTypeCode);
        Part(w, c.MedicarePart);
        Texts(w, "serviceTypeCodes"u8, c.ServiceTypeCodes);
        Text(w, "description"u8, c.Description);
        Day(w, "start"u8, c.Start);
        Day(w, "end"u8, c.End);
        List(w, "dates"u8, c.Dates, Date);
        w.WriteEndObject();
    }

    private static void Issue(Utf8JsonWriter w, AaaIssue i)
    {
        w.WriteStartObject();
        w.WriteString("location"u8, Name(i.Location));
        w.WriteBoolean("validRequest"u8, i.ValidRequest);
        Text(w, "reasonCode"u8, i.ReasonCode);
        Text(w, "reason"u8, i.Reason);
        Text(w, "followUpCode"u8, i.FollowUpCode);
        Text(w, "followUp"u8, i.FollowUp);
        w.WriteString("classification"u8, Name(i.Classification));
        Text(w, "remediation"u8, i.Remediation);
        Texts(w, "serviceTypeCodes"u8, i.ServiceTypeCodes);
        w.WriteEndObject();
    }

    private static void Part(Utf8JsonWriter w, MedicarePart part)
    {
        if (part != MedicarePart.None)
        {
            w.WriteString("medicarePart"u8, Name(part));
        }
    }

    // Enum names as declared (the serializer's string enum converter without a naming policy); cached by the runtime.
    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString();

    private static void Text(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, ReadOnlySpan<byte> name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void Flag(Utf8JsonWriter w, ReadOnlySpan<byte> name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
    }

    private static void Day(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateOnly? value)
    {
        if (value is { } d)
        {
            Span<char> text = stackalloc char[10];
            d.TryFormat(text, out var n, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            w.WriteString(name, text[..n]);
        }
    }

    private static void Texts(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Object<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, T? value, Action<Utf8JsonWriter, T> write)
        where T : class
    {
        if (value is not null)
        {
            w.WritePropertyName(name);
            write(w, value);
        }
    }

    private static void List<T>(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var item in items)
        {
            write(w, item);
        }

        w.WriteEndArray();
    }
}
