using PatientAccess.Domain.Cards;
using PatientAccess.Integrations.Cards;

namespace PatientAccess.Cards.Tests;

public class LocalVoteTests
{
    private static CardField<string> T(string v, double c) => new(v, c, CardEngine.Tesseract);

    private static CardField<string> P(string v, double c) => new(v, c, CardEngine.PaddleOcr);

    [Fact]
    public void Vote_SameValueAfterNormalisation_KeepsTheHigherConfidenceAsConsensus()
    {
        var v = LocalVote.Vote(T("W123 456 789", 0.82), P("W123456789", 0.97))!;
        Assert.Equal("W123456789", v.Value);
        Assert.Equal(0.97, v.Confidence);
        Assert.Equal(CardEngine.LocalConsensus, v.Engine);
    }

    [Fact]
    public void Vote_DifferentValues_MoreConfidentOneAtMostTheDisagreementCeiling()
    {
        var v = LocalVote.Vote(T("XZQ123456789", 0.95), P("X2Q123456789", 0.9))!;
        Assert.Equal("XZQ123456789", v.Value);
        Assert.Equal(LocalVote.DisagreementCeiling, v.Confidence);
        Assert.True(v.Confidence < ReconciliationPolicy.Default.AcceptConfidence);
    }

    [Fact]
    public void Vote_OnlyOneEngineRead_NeverReachesAcceptConfidence()
    {
        var v = LocalVote.Vote(null, P("W123456789", 0.99))!;
        Assert.Equal(LocalVote.SingleReadCeiling, v.Confidence);
        Assert.True(v.Confidence < ReconciliationPolicy.Default.AcceptConfidence);
        Assert.Equal(0.3, LocalVote.Vote(T("W123456789", 0.3), null)!.Confidence);
        Assert.Null(LocalVote.Vote(null, null));
    }

    [Fact]
    public void Combine_TakesKeyFieldsByVoteAndFillsTheRestFromEither()
    {
        var tesseract = new InsuranceCard
        {
            IdNumber = new CardIdNumber { Number = T("W123456789", 0.9) },
            GroupNumber = T("0417236", 0.9),
            Payer = new CardPayer { PhoneNumber = T("1-800-555-0100", 0.9) },
        };
        var paddle = new InsuranceCard
        {
            IdNumber = new CardIdNumber { Number = P("W123456789", 0.95) },
            GroupNumber = P("0417286", 0.95),
            Payer = new CardPayer { Id = P("62308", 0.9) },
            Member = new CardMember { Name = P("RILEY TESTPERSON", 0.9) },
        };
        var card = LocalVote.Combine(tesseract, paddle);
        Assert.Equal(CardEngine.LocalConsensus, card.MemberId!.Engine);
        Assert.Equal(LocalVote.DisagreementCeiling, card.GroupNumber!.Confidence);
        Assert.Equal("62308", card.Payer!.Id!.Value);
        Assert.Equal("1-800-555-0100", card.Payer.PhoneNumber!.Value);
        Assert.Equal("RILEY TESTPERSON", card.Member!.Name!.Value);
    }
}
