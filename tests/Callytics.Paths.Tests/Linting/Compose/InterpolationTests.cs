using Callytics.Paths.Linting;
using Callytics.Paths.Linting.Compose;

namespace Callytics.Paths.Tests.Linting.Compose;

public class InterpolationTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["SET"] = "/set", ["EMPTY"] = string.Empty, ["NESTED"] = "inner" };

    private static Interpolation.Result Apply(string text) => Interpolation.Apply(text, Variables.GetValueOrDefault);

    [Theory]
    [InlineData("/app/temp", "/app/temp")]
    [InlineData("$SET/x", "/set/x")]
    [InlineData("${SET}/x", "/set/x")]
    [InlineData("${UNSET:-/default}", "/default")]
    [InlineData("${EMPTY:-/default}", "/default")]
    [InlineData("${EMPTY-/default}", "")]
    [InlineData("${UNSET-/default}", "/default")]
    [InlineData("${SET:+alt}", "alt")]
    [InlineData("${EMPTY:+alt}", "")]
    [InlineData("${EMPTY+alt}", "alt")]
    [InlineData("${UNSET:-${SET}/nested}", "/set/nested")]
    [InlineData("${UNSET:-${ALSO_UNSET:-deep}}", "deep")]
    [InlineData("$$HOME", "$HOME")]
    [InlineData("cost: $$5", "cost: $5")]
    [InlineData("a$", "a$")]
    [InlineData("$1", "$1")]
    public void Values_interpolate_as_compose_does(string text, string expected)
    {
        Interpolation.Result result = Apply(text);
        result.Value.Should().Be(expected);
        result.Error.Should().BeNull();
    }

    [Theory]
    [InlineData("$UNSET/x", "UNSET")]
    [InlineData("${UNSET}", "UNSET")]
    public void Unset_variables_become_empty_and_are_named(string text, string variable)
    {
        Interpolation.Result result = Apply(text);
        result.Unset.Should().Equal(variable);
        result.Value.Should().NotContain(variable);
    }

    [Theory]
    [InlineData("${UNSET:?TEMP_DIR must be set}", "required variable UNSET is missing a value: TEMP_DIR must be set")]
    [InlineData("${EMPTY:?}", "required variable EMPTY is missing a value")]
    [InlineData("${UNSET?}", "required variable UNSET is missing a value")]
    [InlineData("${unclosed", "unclosed")]
    [InlineData("${}", "does not start with a variable name")]
    [InlineData("${1A}", "does not start with a variable name")]
    [InlineData("${A%b}", "invalid interpolation format")]
    public void What_compose_would_refuse_is_an_error(string text, string error)
    {
        Apply(text).Error.Should().Contain(error);
    }

    [Fact]
    public void Error_forms_with_a_value_pass_it_through()
    {
        Interpolation.Result result = Apply("${SET:?never}");
        result.Value.Should().Be("/set");
        result.Error.Should().BeNull();
        result.Unset.Should().BeEmpty();
    }
}
