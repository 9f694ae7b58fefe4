using Callytics.Paths.Database;

namespace Callytics.Paths.Tests.Database;

public class DatabaseUrlTests
{
    private const string Cwd = "/srv/work";

    [Theory]
    [InlineData("sqlite:////app/Callytics_new.sqlite", "/app/Callytics_new.sqlite", false)]
    [InlineData("sqlite:///app/x.sqlite", "/srv/work/app/x.sqlite", true)]
    [InlineData("sqlite:///x.db", "/srv/work/x.db", true)]
    [InlineData("sqlite:///../x.db", "/srv/x.db", true)]
    [InlineData("sqlite+pysqlite:////abs/y.db?timeout=5", "/abs/y.db", false)]
    [InlineData("sqlite+aiosqlite:////abs/z.db", "/abs/z.db", false)]
    [InlineData("sqlite:////a b/c.db", "/a b/c.db", false)]
    [InlineData("SQLITE:////upper.db", "/upper.db", false)]
    public void Sqlite_file_urls_name_the_file_sqlalchemy_opens(string url, string file, bool relative)
    {
        DatabaseUrl database = DatabaseUrl.Parse(url, Cwd);

        database.IsSqlite.Should().BeTrue();
        database.IsInMemory.Should().BeFalse();
        database.FilePath.Should().Be(file);
        database.IsRelative.Should().Be(relative);
        database.SqliteConnectionString.Should().Contain(file);
    }

    [Fact]
    public void A_relative_url_suggests_the_four_slash_form_that_was_probably_meant()
    {
        DatabaseUrl database = DatabaseUrl.Parse("sqlite:///app/x.sqlite", "/srv");

        database.FilePath.Should().Be("/srv/app/x.sqlite");
        database.AbsoluteUrlSuggestion.Should().Be("sqlite:////app/x.sqlite");
        DatabaseUrl.Parse("sqlite:////app/x.sqlite", "/srv").AbsoluteUrlSuggestion.Should().BeNull();
    }

    [Theory]
    [InlineData("sqlite://")]
    [InlineData("sqlite:///")]
    [InlineData("sqlite:///:memory:")]
    [InlineData("sqlite:///file::memory:?cache=shared&uri=true")]
    [InlineData("sqlite:///file:whatever?mode=memory&uri=true")]
    public void In_memory_forms_have_no_file(string url)
    {
        DatabaseUrl database = DatabaseUrl.Parse(url, Cwd);

        database.IsInMemory.Should().BeTrue();
        database.FilePath.Should().BeNull();
        database.SqliteConnectionString.Should().Contain(":memory:");
    }

    [Theory]
    [InlineData("sqlite:///file:data/x.db?mode=ro&uri=true", "/srv/work/data/x.db", true, true)]
    [InlineData("sqlite:///file:/abs/x.db?uri=true", "/abs/x.db", false, false)]
    [InlineData("sqlite:///file:///abs/x.db?uri=true&mode=rw", "/abs/x.db", false, false)]
    [InlineData("sqlite:///file://localhost/abs/x%20y.db?uri=1", "/abs/x y.db", false, false)]
    public void Uri_mode_reads_the_sqlite_uri_filename(string url, string file, bool relative, bool readOnly)
    {
        DatabaseUrl database = DatabaseUrl.Parse(url, Cwd);

        database.IsUriFilename.Should().BeTrue();
        database.FilePath.Should().Be(file);
        database.IsRelative.Should().Be(relative);
        database.IsReadOnly.Should().Be(readOnly);
        if (readOnly)
        {
            database.SqliteConnectionString.Should().Contain("Mode=ReadOnly");
        }
    }

    [Fact]
    public void Query_parameters_are_kept()
    {
        DatabaseUrl.Parse("sqlite:////a.db?timeout=5&check_same_thread=false", Cwd).Query
            .Should().Equal(new KeyValuePair<string, string>("timeout", "5"), new KeyValuePair<string, string>("check_same_thread", "false"));
    }

    [Theory]
    [InlineData("sqlite://user:pw@/x.db")]
    [InlineData("sqlite://user@/x.db")]
    [InlineData("sqlite://host/x.db")]
    [InlineData("sqlite://:5/x.db")]
    public void Sqlite_urls_with_user_password_host_or_port_are_errors(string url)
    {
        DatabaseUrl.TryParse(url, Cwd, out _, out string? error).Should().BeFalse();
        error.Should().Contain("user, password, host or port").And.NotContain("pw@");
    }

    [Fact]
    public void Server_urls_are_parsed_into_their_parts()
    {
        DatabaseUrl database = DatabaseUrl.Parse("postgresql+psycopg2://scott:ti%40ger@db.internal:5433/calls?sslmode=require", Cwd);

        database.IsSqlite.Should().BeFalse();
        database.Dialect.Should().Be("postgresql");
        database.Driver.Should().Be("psycopg2");
        database.UserName.Should().Be("scott");
        database.HasPassword.Should().BeTrue();
        database.Host.Should().Be("db.internal");
        database.Port.Should().Be(5433);
        database.Database.Should().Be("calls");
        database.FilePath.Should().BeNull();
        database.SqliteConnectionString.Should().BeNull();
    }

    [Fact]
    public void Ipv6_hosts_are_read_between_brackets()
    {
        DatabaseUrl database = DatabaseUrl.Parse("mysql://u@[::1]:3306/db", Cwd);
        database.Host.Should().Be("::1");
        database.Port.Should().Be(3306);
    }

    [Theory]
    [InlineData("postgresql://scott:tiger@localhost/db", "postgresql://scott:***@localhost/db")]
    [InlineData("postgresql://scott:t:i:g@localhost/db", "postgresql://scott:***@localhost/db")]
    [InlineData("postgresql://scott:tiger@localhost:notaport/db", "postgresql://scott:***@localhost:notaport/db")]
    [InlineData("scott:tiger@localhost/db", "scott:***@localhost/db")]
    [InlineData("postgresql://h/db?user=u&password=tiger", "postgresql://h/db?user=u&password=***")]
    [InlineData("sqlite:////app/x.db", "sqlite:////app/x.db")]
    [InlineData("", "")]
    public void Mask_hides_the_password_whether_or_not_the_url_parses(string url, string masked)
    {
        DatabaseUrl.Mask(url).Should().Be(masked);
    }

    [Theory]
    [InlineData("postgresql://scott:tiger@localhost:notaport/db")]
    [InlineData("postgresql://scott:tiger@localhost:99999/db")]
    [InlineData("postgresql://scott:tiger@local\nhost/db")]
    [InlineData("scott:tiger@localhost")]
    public void No_failure_message_or_string_shows_the_password(string url)
    {
        DatabaseUrl.TryParse(url, Cwd, out _, out string? error).Should().BeFalse();
        error.Should().NotContain("tiger");
        FluentActions.Invoking(() => DatabaseUrl.Parse(url, Cwd)).Should().Throw<FormatException>()
            .Which.Message.Should().NotContain("tiger");
    }

    [Fact]
    public void ToString_masks_the_password()
    {
        DatabaseUrl.Parse("postgresql://scott:tiger@localhost/db", Cwd).ToString().Should().Be("postgresql://scott:***@localhost/db");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a url")]
    [InlineData("://x")]
    [InlineData("sqlite:/x.db")]
    [InlineData("sqlite:///x\0.db")]
    [InlineData("sqlite:///C:\\data\\x.db")]
    [InlineData("sqlite:///~/x.db")]
    [InlineData("sqlite:///file:x.db?uri=true&mode=ro#frag")]
    [InlineData("sqlite:///file://evil.example/x.db?uri=true")]
    [InlineData("+://x")]
    [InlineData("sqlite+://x")]
    [InlineData("\u202e\u0000\uffff")]
    public void Hostile_strings_are_refused_without_throwing(string? url)
    {
        bool parsed = DatabaseUrl.TryParse(url, Cwd, out DatabaseUrl? database, out string? error);
        if (url == "sqlite:///file:x.db?uri=true&mode=ro#frag")
        {
            parsed.Should().BeTrue(); // '#' ends a SQLite URI; the file is x.db
            database!.FilePath.Should().Be("/srv/work/x.db");
            return;
        }

        parsed.Should().BeFalse();
        database.Should().BeNull();
        error.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_very_long_url_is_refused_not_crashed_on()
    {
        string url = "sqlite:////" + string.Join('/', Enumerable.Repeat("a", 3000));
        DatabaseUrl.TryParse(url, Cwd, out _, out string? error).Should().BeFalse();
        error.Should().Contain("longer than Linux allows");
    }

    [Fact]
    public void Parse_checks_its_arguments()
    {
        FluentActions.Invoking(() => DatabaseUrl.Parse(null!)).Should().Throw<ArgumentNullException>();
    }
}
