using System.Diagnostics;
using System.Globalization;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Configuration;

namespace Callytics.Paths.Cli;

/// <summary>
/// Runs a command that reads the disk in a child process of the tool that can be abandoned, so that the tool answers
/// on time whatever the disk does. A thread blocked on a hung volume (a FUSE server that never answers, a dead NFS
/// server) sits in uninterruptible sleep: no signal ends it, and a process holding such a thread never exits, so a
/// watchdog thread can print an answer but cannot end the process. The child does the work and writes to pipes; the
/// parent relays what it wrote when it ends in time, and otherwise kills it, answers itself and exits: exactly one
/// answer, and an exit code that matches it.
/// </summary>
internal static class Bounded
{
    /// <summary>The variable a child is marked with, so that it does the work itself.</summary>
    internal const string ChildVariable = "CALLYTICS_PATHS_CHILD";

    /// <summary>The variable that tells a child whether its parent writes in colour (its own stdout is a pipe).</summary>
    internal const string ColorVariable = "CALLYTICS_PATHS_CHILD_COLOR";

    /// <summary>The variable that sets the bound of <c>check</c>, <c>usage</c> and <c>mounts</c>, in seconds.</summary>
    internal const string TimeoutVariable = "CALLYTICS_PATHS_TIMEOUT";

    /// <summary>What a child writes on stderr before each path it checks, for the parent to name the one that hangs.</summary>
    internal const string ProgressPrefix = "\u0001checking ";

    /// <summary>What a child writes on stderr before a record for its parent (not relayed): exec's prepare step's changes.</summary>
    internal const string RecordPrefix = "\u0001record ";

    /// <summary>The longest bound accepted, in seconds.</summary>
    internal const double MaxSeconds = 3600;

    /// <summary>Whether this run is a bounded child started by <see cref="Run"/>.</summary>
    internal static bool IsChild(Invocation invocation) => invocation.IsProcess && invocation.Variable(ChildVariable) == "1";

    /// <summary>Whether this run is the child that does the work (or cannot have one: an in-process run).</summary>
    internal static bool IsWorker(Invocation invocation) => !invocation.IsProcess || IsChild(invocation);

    /// <summary>
    /// Reads a bound in seconds: a number above 0 and at most <see cref="MaxSeconds"/>; anything else is a usage error
    /// naming <paramref name="what"/>.
    /// </summary>
    internal static TimeSpan Seconds(string? text, string what, double fallback)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || seconds > MaxSeconds)
        {
            throw new Commands.UsageException($"{what} {text} is not a number of seconds above 0 and at most {MaxSeconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The bound of <c>check</c>, <c>usage</c> and <c>mounts</c>: <c>CALLYTICS_PATHS_TIMEOUT</c>, default 60 s.</summary>
    internal static TimeSpan CommandLimit(Invocation invocation) => Seconds(invocation.Variable(TimeoutVariable), TimeoutVariable, 60);

    /// <summary>
    /// Runs this tool again with <paramref name="args"/> as a child and relays its stdout, stderr and exit code when it
    /// ends within <paramref name="limit"/>. Otherwise the child is killed (it ends when the disk lets it) and
    /// <paramref name="hung"/> answers, given the variable the child was checking last. Null when no child can be
    /// started (a seccomp profile that forbids it, an emulator that cannot run the tool's own file): the caller then
    /// does the work itself, without the bound, after a warning on stderr.
    /// </summary>
    internal static int? Run(Invocation invocation, IReadOnlyList<string> args, TimeSpan limit, Func<string, int> hung, List<string>? records = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("the tool's own executable cannot be found to run its check"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (Path.GetFileName(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "callytics-paths.dll"));
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[ChildVariable] = "1";
        start.Environment[ColorVariable] = invocation.Terminal.Color ? "1" : "0";
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            started = null;
            invocation.Terminal.Error.WriteLine($"callytics-paths: warning: cannot start the check as a child process ({exception.Message}); checking in this process, with no bound on a hung volume.");
        }

        if (started is null)
        {
            return null;
        }

        using Process child = started;
        string checking = "the layout";
        var output = new System.Text.StringBuilder();
        var error = new System.Text.StringBuilder();
        using var done = new CountdownEvent(2);
        child.OutputDataReceived += (_, e) => Append(output, e.Data, done);
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith(ProgressPrefix, StringComparison.Ordinal))
            {
                Volatile.Write(ref checking, line[ProgressPrefix.Length..]);
                return;
            }

            if (e.Data is { } record && record.StartsWith(RecordPrefix, StringComparison.Ordinal))
            {
                lock (error)
                {
                    records?.Add(record[RecordPrefix.Length..]);
                }

                return;
            }

            Append(error, e.Data, done);
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        if (!child.WaitForExit(limit))
        {
            try
            {
                child.Kill();
            }
            catch (InvalidOperationException)
            {
                // It ended just now: the answer below still stands, it is the one given.
            }

            return hung(Volatile.Read(ref checking));
        }

        child.WaitForExit();
        _ = done.Wait(TimeSpan.FromSeconds(5));
        Terminal terminal = invocation.Terminal;
        lock (output)
        {
            terminal.Out.Write(output.ToString());
        }

        lock (error)
        {
            terminal.Error.Write(error.ToString());
        }

        return child.ExitCode;
    }

    /// <summary>
    /// An earlier child of this tool running <paramref name="command"/> that is still stuck: in uninterruptible sleep
    /// (state D) for over a second, which only a hung volume does. A probe that finds one answers at once instead of
    /// leaving one more stuck process behind every few seconds: at most one waits on the volume, and once it returns
    /// the probes start children again. Only a child checking the same layout counts: the variables that shape the
    /// layout (<see cref="ShapesLayout"/>) are the same in its environment as in <paramref name="variables"/>. Another
    /// service's probe stuck on its own volume (a pod whose containers share one process namespace) does not answer
    /// for this one. Returns the process id and for how long it has waited, or null.
    /// </summary>
    internal static (int Pid, double Seconds)? StuckChild(string command, IReadOnlyDictionary<string, string> variables)
    {
        string[] layout = [.. variables.Where(v => ShapesLayout(v.Key)).Select(v => v.Key + "=" + v.Value).Order(StringComparer.Ordinal)];
        double uptime;
        try
        {
            uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }

        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            string name = Path.GetFileName(entry);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                // stat: "pid (comm) state ppid ... starttime" (field 22, in clock ticks: USER_HZ is 100 on every Linux
                // architecture the tool runs on). comm may hold spaces and parentheses: read after the last ')'.
                string stat = File.ReadAllText(Path.Combine(entry, "stat"));
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "D")
                {
                    continue;
                }

                double seconds = uptime - (double.Parse(fields[19], CultureInfo.InvariantCulture) / 100);
                string[] environment = File.ReadAllText(Path.Combine(entry, "environ")).Split('\0');
                string[] arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                if (seconds > 1 && Array.IndexOf(environment, ChildVariable + "=1") >= 0 && Array.IndexOf(arguments, command) >= 0
                    && environment.Where(v => ShapesLayout(v[..Math.Max(v.IndexOf('=', StringComparison.Ordinal), 0)])).Order(StringComparer.Ordinal).SequenceEqual(layout))
                {
                    return (pid, seconds);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // gone meanwhile, or another user's: not ours
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a variable shapes the layout a check reads: the flat variables (<c>AUDIO_DIR</c>, ..., <c>DATABASE_URL</c>),
    /// the <c>CALLYTICS_</c> ones (root, roles, checks) but the child's own markers, and the <c>CallyticsPaths__</c> section.
    /// </summary>
    private static bool ShapesLayout(string name) =>
        name is CallyticsPathsVariables.AudioDir or CallyticsPathsVariables.TempDir or CallyticsPathsVariables.LogDir or CallyticsPathsVariables.DataDir
            or CallyticsPathsVariables.ConfigDir or CallyticsPathsVariables.CacheDir or CallyticsPathsVariables.DatabaseUrl
        || (name.StartsWith("CALLYTICS_", StringComparison.Ordinal) && !name.StartsWith(ChildVariable, StringComparison.Ordinal))
        || name.StartsWith(CallyticsPathsVariables.SectionName + "__", StringComparison.OrdinalIgnoreCase);

    /// <summary>Tells the parent which variable's path is checked next (a line on stderr that it does not relay).</summary>
    internal static void Progress(Invocation invocation, string variable)
    {
        if (IsChild(invocation))
        {
            invocation.Terminal.Error.WriteLine(ProgressPrefix + variable);
            invocation.Terminal.Error.Flush();
        }
    }

    private static void Append(System.Text.StringBuilder buffer, string? line, CountdownEvent done)
    {
        if (line is null)
        {
            done.Signal();
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }
    }
}
