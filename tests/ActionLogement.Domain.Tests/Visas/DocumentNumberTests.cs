namespace ActionLogement.Domain.Tests.Visas;

public sealed class DocumentNumberTests
{
    [Fact]
    public void The_sample_numbers_are_valid()
    {
        Assert.True(VisaNumber.IsValid("V10252909468"));
        Assert.True(ContractNumber.IsValid("A19062113869"));
    }

    [Theory]
    [InlineData("A10252909468")]
    [InlineData("V1025290946")]
    [InlineData("V102529094680")]
    [InlineData("v10252909468")]
    [InlineData("V1025290946X")]
    [InlineData("V-0252909468")]
    [InlineData("")]
    [InlineData(null)]
    public void Malformed_visa_numbers_are_refused(string? text) => Assert.False(VisaNumber.IsValid(text));

    [Theory]
    [InlineData("V19062113869")]
    [InlineData("A1906211386")]
    [InlineData("A １９062113869")]
    public void Malformed_contract_numbers_are_refused(string text) => Assert.False(ContractNumber.IsValid(text));

    [Fact]
    public void Numbers_are_formatted_with_11_digits()
    {
        Assert.Equal("V00000000042", VisaNumber.Format(42));
        Assert.Equal("A19062113869", ContractNumber.Format(19062113869));
        Assert.Throws<ArgumentOutOfRangeException>(() => VisaNumber.Format(100_000_000_000));
    }

    [Property]
    public bool Every_formatted_number_is_valid(NonNegativeInt sequence) =>
        VisaNumber.IsValid(VisaNumber.Format(sequence.Get)) && ContractNumber.IsValid(ContractNumber.Format(sequence.Get));
}
