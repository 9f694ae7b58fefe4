using Callytics.Paths.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Sdk;

namespace Callytics.Paths.Tests.Reliability;

/// <summary>The scan every test's output passes through catches a test password wherever it shows.</summary>
public class SecretScanTests
{
    [Fact]
    public void A_child_process_that_prints_a_test_password_fails_the_test_that_ran_it()
    {
        FluentActions.Invoking(() => ChildProcess.Run(["sh", "-c", "echo postgresql://calls:hunter2@db/calls >&2"]))
            .Should().Throw<XunitException>().WithMessage("stderr shows the test password 'hunter2'*");
    }

    [Fact]
    public void Only_a_scope_that_says_why_lets_a_password_through()
    {
        using (SecretScan.Expect("this test prints one on purpose"))
        {
            ChildProcess.Run(["echo", "hunter2"]).StandardOutput.Should().Contain("hunter2");
        }

        FluentActions.Invoking(() => ChildProcess.Run(["echo", "hunter2"])).Should().Throw<XunitException>();
    }

    [Fact]
    public void A_log_line_or_logged_exception_with_a_test_password_fails_the_test_that_wrote_it()
    {
        using var provider = new ListLoggerProvider();
        ILogger logger = provider.CreateLogger("Callytics.Paths");

        FluentActions.Invoking(() => logger.Log(LogLevel.Warning, 1, "url mysql://scott:tiger@h/db", null, (m, _) => m)).Should().Throw<XunitException>();
        FluentActions.Invoking(() => logger.Log(LogLevel.Error, 2, "failed", new InvalidOperationException("p@ss"), (m, _) => m)).Should().Throw<XunitException>();
        logger.Log(LogLevel.Information, 3, "DATABASE_URL=postgresql://calls:***@db/calls", null, (m, _) => m);
        provider.Lines.Should().ContainSingle();
    }
}
