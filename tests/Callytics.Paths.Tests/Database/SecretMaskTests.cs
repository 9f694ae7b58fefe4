using Callytics.Paths.Database;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Database;

public class SecretMaskTests
{
    [Theory]
    [InlineData("postgresql://user:p@ss@db:5432/app", "postgresql://user:***@db:5432/app")]
    [InlineData("postgresql://user:p/w@ss@db/app?x=1", "postgresql://user:***@db/app?x=1")]
    [InlineData("postgresql://user@db/app", "postgresql://user@db/app")]
    [InlineData("sqlite:////app/data@x/calls.sqlite", "sqlite:////app/data@x/calls.sqlite")]
    [InlineData("postgresql://db/app?sslmode=require&sslpassword=a&access_token=b&api_key=c&apikey=d&client_secret=e&sslkey=f&AWS_SESSION_TOKEN=g",
        "postgresql://db/app?sslmode=require&sslpassword=***&access_token=***&api_key=***&apikey=***&client_secret=***&sslkey=***&AWS_SESSION_TOKEN=***")]
    [InlineData("postgresql://db/app?pass%77ord=x", "postgresql://db/app?pass%77ord=***")]
    [InlineData("mysql://db/app?pass=x&authorization=Bearer%20y&charset=utf8", "mysql://db/app?pass=***&authorization=***&charset=utf8")]
    [InlineData("scott:tiger@localhost/db", "scott:***@localhost/db")]
    [InlineData("DATABASE_URL scott:ti@ger@localhost is not a URL", "DATABASE_URL scott:***@localhost is not a URL")]
    public void Urls_lose_their_password_and_every_secret_query_value(string url, string masked)
    {
        SecretMask.Apply(url).Should().Be(masked);
    }

    [Theory]
    [InlineData("Server=db;Database=x;User Id=app;Password=S3cr3t;", "Server=db;Database=x;User Id=app;Password=***;")]
    [InlineData("Server=db;Password = my secret;Database=x", "Server=db;Password = ***;Database=x")]
    [InlineData("Server=db;Pwd=\"a;b\"\"c\";Database=x", "Server=db;Pwd=\"***\";Database=x")]
    [InlineData("host=db user=app password=S3cr3t dbname=x", "host=db user=app password=*** dbname=x")]
    [InlineData("host=db password='a b\\' c' dbname=x", "host=db password='***' dbname=x")]
    [InlineData("host=db sslkey=/run/secrets/key.pem", "host=db sslkey=***")]
    [InlineData("DATABASE_URL: 'host=db password=''a b'' dbname=x'", "DATABASE_URL: 'host=db password=''***'' dbname=x'")]
    public void Key_value_connection_strings_lose_every_secret_value(string connection, string masked)
    {
        SecretMask.Apply(connection).Should().Be(masked);
    }

    [Fact]
    public void Masking_twice_reads_the_same_as_masking_once()
    {
        foreach (string shape in SecretScan.SecretShapes)
        {
            string once = SecretMask.Apply(shape);
            SecretMask.Apply($"DATABASE_URL {once} is not a URL").Should().Be($"DATABASE_URL {once} is not a URL");
        }
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_it_is()
    {
        const string text = "TEMP_DIR=/app/temp CACHE_DIR=/app/.cache sqlite:////app/Callytics_new.sqlite?mode=ro&uri=true";
        SecretMask.Apply(text).Should().BeSameAs(text);
    }
}
