using Callytics.Paths.Configuration;
using Microsoft.Extensions.Configuration;

namespace Callytics.Paths.Tests.Configuration;

public class TempSessionSweepBinderTests
{
    private static TempSessionSweepOptions Bind(params (string Key, string? Value)[] values)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("CallyticsPaths:SessionSweep:" + v.Key, v.Value)))
            .Build();
        var sweep = new TempSessionSweepOptions();
        TempSessionSweepBinder.Bind(configuration, sweep);
        return sweep;
    }

    [Fact]
    public void Reads_enabled_interval_and_max_age_from_the_session_sweep_section()
    {
        TempSessionSweepOptions sweep = Bind(("Enabled", "true"), ("Interval", "00:10:00"), ("MaxAge", "2.00:00:00"));

        sweep.Enabled.Should().BeTrue();
        sweep.Interval.Should().Be(TimeSpan.FromMinutes(10));
        sweep.MaxAge.Should().Be(TimeSpan.FromDays(2));
    }

    [Theory]
    [InlineData("yes", "soon", "1 day")]
    [InlineData("", "-00:10:00", "00:00:00")]
    [InlineData("1", "0", "-1.00:00:00")]
    public void A_value_that_does_not_read_as_its_type_or_is_not_positive_keeps_its_default(string enabled, string interval, string maxAge)
    {
        TempSessionSweepOptions sweep = Bind(("Enabled", enabled), ("Interval", interval), ("MaxAge", maxAge));

        sweep.Should().BeEquivalentTo(new TempSessionSweepOptions());
    }

    [Fact]
    public void Without_a_configuration_every_default_is_kept()
    {
        var sweep = new TempSessionSweepOptions();

        TempSessionSweepBinder.Bind(null, sweep);

        sweep.Should().BeEquivalentTo(new TempSessionSweepOptions { Enabled = false, Interval = TimeSpan.FromHours(1), MaxAge = TimeSpan.FromHours(24) });
    }
}
