using System.Net;
using System.Net.Sockets;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>What the tests read on the host side of a mount, with the host's own tools.</summary>
public static class HostTools
{
    /// <summary>The number of rows in the <c>calls</c> table of the SQLite file at <paramref name="database"/> (Python's sqlite3 on the host).</summary>
    public static int CallRows(string database)
    {
        CommandResult count = DockerEngine.Run(["python3", "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM calls').fetchone()[0])", database]);
        count.ExitCode.Should().Be(0, count.ToString());
        return int.Parse(count.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
