using PatientAccess.X12.Core;

namespace PatientAccess.X12.Eligibility;

/// <summary>
/// One NM1 name loop (NM1 with its REF, N3/N4, PER, AAA, PRV, DMG, INS and DTP) gathered into an <see cref="X12Party"/>,
/// the same for the 270/271 reader and the 278 reader. Lists are created only for segments a loop has, and
/// <see cref="Build"/> hands them over and starts empty again, so one instance serves every loop of a 271 without
/// allocating for the segments a loop lacks.
/// </summary>
internal sealed class NameLoop
{
    private X12Segment? _nm1;
    private List<ReferenceNumber>? _references;
    private List<ContactInformation>? _contacts;
    private List<AaaError>? _errors;
    private List<DateReference>? _dates;
    private PostalAddress? _address;
    private ProviderInformation? _provider;
    private Demographics? _demographics;
    private InsuredRelationship? _relationship;

    /// <summary>Begins a loop at its NM1 segment.</summary>
    public void Start(X12Segment nm1) => _nm1 = nm1;

    /// <summary>Takes a segment of the loop; false for a segment that is not one of a name loop's.</summary>
    public bool TryAdd(X12Segment s)
    {
        switch (s.Id)
        {
            case "REF":
                (_references ??= []).Add(new ReferenceNumber(s[1], s[2], s.Get(3)));
                return true;
            case "N3":
                _address = (_address ?? new PostalAddress()) with { Line1 = s.Get(1), Line2 = s.Get(2) };
                return true;
            case "N4":
                _address = (_address ?? new PostalAddress()) with
                {
                    City = s.Get(1), State = s.Get(2), PostalCode = s.Get(3), CountryCode = s.Get(4), CountrySubdivision = s.Get(7),
                };
                return true;
            case "PER":
                (_contacts ??= []).Add(Contact(s));
                return true;
            case "AAA":
                (_errors ??= []).Add(Aaa(s));
                return true;
            case "PRV" when _provider is null:
                _provider = new ProviderInformation(s[1], s.Get(2), s.Get(3));
                return true;
            case "DMG" when _demographics is null:
                _demographics = new Demographics(s.Get(1), s.Get(2), s.Get(3));
                return true;
            case "INS" when _relationship is null:
                _relationship = new InsuredRelationship(s[1], s.Get(2), s.Get(3), s.Get(4), s.Get(17));
                return true;
            case "DTP":
                (_dates ??= []).Add(new DateReference(s[1], s[2], s[3]));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The party of the loop, with the segments the reader kept as read; the loop starts empty again.</summary>
    public X12Party Build(List<GenericSegment>? other = null)
    {
        var nm1 = _nm1 ?? throw new InvalidOperationException("A name loop is built after its NM1.");
        var party = new X12Party
        {
            EntityIdentifierCode = nm1[1],
            EntityTypeQualifier = nm1[2],
            LastOrOrganizationName = nm1.Get(3),
            FirstName = nm1.Get(4),
            MiddleName = nm1.Get(5),
            NamePrefix = nm1.Get(6),
            NameSuffix = nm1.Get(7),
            IdentificationQualifier = nm1.Get(8),
            Identification = nm1.Get(9),
            EntityRelationshipCode = nm1.Get(10),
            References = Freeze(_references),
            Address = _address,
            Contacts = Freeze(_contacts),
            Errors = Freeze(_errors),
            Provider = _provider,
            Demographics = _demographics,
            Relationship = _relationship,
            Dates = Freeze(_dates),
            OtherSegments = Freeze(other),
        };
        _nm1 = null;
        _references = null;
        _contacts = null;
        _errors = null;
        _dates = null;
        _address = null;
        _provider = null;
        _demographics = null;
        _relationship = null;
        return party;
    }

    /// <summary>AAA: request validation (valid flag, reject reason, follow-up action).</summary>
    public static AaaError Aaa(X12Segment seg) => new(seg[1], seg[3], seg.Get(4), seg.Get(2));

    /// <summary>PER: a contact function with up to three numbers (PER03-08), each kept when either half is there.</summary>
    public static ContactInformation Contact(X12Segment seg)
    {
        var numbers = new List<ContactNumber>(3);
        for (var p = 3; p + 1 <= 8; p += 2)
        {
            if (seg[p].Length > 0 || seg[p + 1].Length > 0)
            {
                numbers.Add(new ContactNumber(seg[p], seg[p + 1]));
            }
        }

        return new ContactInformation(seg[1], seg.Get(2), numbers);
    }

    private static IReadOnlyList<T> Freeze<T>(List<T>? list) => list is null ? Array.Empty<T>() : list;
}
