using Callytics.Paths.Cli.Commands;
using Callytics.Paths.Cli.Exec;
using Callytics.Paths.Tests.Support;

namespace Callytics.Paths.Tests.Cli.Exec;

public class ServiceUserTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n# a comment\napp:x:10001:10001:Callytics:/home/app:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    private const string Group = "root:x:0:\naudio:x:29:app,other\napp:x:10001:\nlogs:x:4000:app\nnogroup:x:65534:\n";

    private static ServiceUser Resolve(string spec)
    {
        using var tree = new TempTree();
        return ServiceUser.Resolve(spec, tree.WriteFile("passwd", Passwd), tree.WriteFile("group", Group));
    }

    [Fact]
    public void A_name_takes_its_uid_group_home_and_the_groups_that_list_it()
    {
        Resolve("app").Should().BeEquivalentTo(new ServiceUser(10001, 10001, [29, 4000], "app", "/home/app"));
    }

    [Fact]
    public void A_group_after_the_colon_replaces_the_primary_group_by_name_or_number()
    {
        Resolve("app:logs").Gid.Should().Be(4000);
        Resolve("app:29").Gid.Should().Be(29);
    }

    [Fact]
    public void A_numeric_id_has_no_supplementary_groups_and_takes_its_entrys_group_or_its_own_number()
    {
        Resolve("10001").Should().BeEquivalentTo(new ServiceUser(10001, 10001, [], "app", "/home/app"));
        Resolve("4242").Should().BeEquivalentTo(new ServiceUser(4242, 4242, [], "4242", "/"));
        Resolve("4242:65534").Gid.Should().Be(65534);
    }

    [Theory]
    [InlineData("ghost", "no user 'ghost'")]
    [InlineData("app:ghosts", "no group 'ghosts'")]
    [InlineData(":10", "is not USER[:GROUP]")]
    [InlineData("app:", "is not USER[:GROUP]")]
    [InlineData("01000", "leading zero")]
    [InlineData("app:029", "leading zero")]
    [InlineData("4294967295", "no change")]
    [InlineData("1000:4294967295", "no change")]
    public void An_unknown_user_or_group_or_an_id_the_system_reads_otherwise_is_a_usage_error(string spec, string message)
    {
        FluentActions.Invoking(() => Resolve(spec)).Should().Throw<UsageException>().WithMessage($"*{message}*");
    }
}
