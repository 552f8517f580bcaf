using PatientAccess.Tests.Common;

namespace PatientAccess.Workflow.Tests;

public sealed class PhiTextTests
{
    [Theory]
    [InlineData("born 1985", true)]
    [InlineData("dob=1985-03-14", true)]
    [InlineData("03/14/1985.", true)]
    [InlineData("took 4.1985ms", false)]
    [InlineData("at 19:11:22.19851Z", false)]
    [InlineData("id 219850", false)]
    public void Contains_AYear_OnlyAsAWholeNumber(string text, bool expected) => Assert.Equal(expected, PhiText.Contains(text, "1985"));

    [Fact]
    public void Contains_WordsAndIdentifiers_AnywhereIgnoringCase()
    {
        Assert.True(PhiText.Contains("member H00000001x", "h00000001"));
        Assert.Equal("JANE", PhiText.FirstIn("hello jane", ["ACTIVE", "JANE"]));
        Assert.Null(PhiText.FirstIn("nothing here", ["ACTIVE", "1985"]));
    }
}
