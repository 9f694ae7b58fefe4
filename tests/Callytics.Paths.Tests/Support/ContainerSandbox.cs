using System.Text;

namespace Callytics.Paths.Tests.Support;

/// <summary>
/// A real container filesystem built without Docker: inside <c>unshare -m</c>, an overlay mount (empty lower, upper
/// and work directories) becomes the root, the host's /usr and /etc (and /bin, /lib, /lib64, /sbin, or the links
/// that stand for them) are bind-mounted read-only into it, /proc and /dev are mounted, <c>/.dockerenv</c> is
/// created, volumes are added, and the test host service runs under <c>chroot</c>.
/// </summary>
public sealed class ContainerSandbox : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly StringBuilder _volumes = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>Where the overlay's upper directory is: what the service wrote into the container layer.</summary>
    public string Upper => _tree["upper"];

    /// <summary>
    /// Every entry of the container layer as the container names it (<c>/app</c>, <c>/app/audio</c>, …), listed by
    /// find, which walks by descriptor: a walk by path resolves each path from the top again, which on the 2,000-level
    /// chain a hostile value makes is quadratic (seconds of the test process's time).
    /// </summary>
    public IReadOnlyList<string> Layer()
    {
        ProcessResult find = ChildProcess.Run(["find", Upper, "-mindepth", "1", "-printf", "/%P\\0"]);
        find.ExitCode.Should().Be(0, find.ToString());
        return find.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A host folder of the sandbox (the left side of a compose volume line).</summary>
    public string Host(string relative) => _tree["host/" + relative];

    /// <summary>Whether the container is marked as Docker with <c>/.dockerenv</c> (default true).</summary>
    public bool DockerEnv { get; set; } = true;

    /// <summary>Whether the root is an overlay (default true); false makes it a plain tmpfs, like no container at all.</summary>
    public bool OverlayRoot { get; set; } = true;

    /// <summary>The service's working directory inside the container (created empty); default <c>/</c>.</summary>
    public string WorkingDirectory { get; set; } = "/";

    /// <summary>
    /// The command the container runs; default the test host service. <c>{tool}</c> stands for the callytics-paths tool
    /// (<c>/usr/bin/dotnet /opt/testhost/callytics-paths.dll</c>).
    /// </summary>
    public IReadOnlyList<string> Command { get; set; } = ChildProcess.Arm64
        ? ["/opt/testhost/testhost/Callytics.Paths.TestHost"]
        : ["/usr/bin/dotnet", "/opt/testhost/testhost/Callytics.Paths.TestHost.dll"];

    /// <summary>Runs the callytics-paths tool in the container with <paramref name="arguments"/>.</summary>
    public ContainerSandbox Tool(params string[] arguments)
    {
        Command = [.. ToolCommand, .. arguments];
        return this;
    }

    /// <summary>The tool as the container runs it: <c>dotnet /opt/testhost/callytics-paths.dll</c>, or the arm64 build's executable.</summary>
    public static string[] ToolCommand => ChildProcess.Arm64 ? ["/opt/testhost/tool/callytics-paths"] : ["/usr/bin/dotnet", "/opt/testhost/callytics-paths.dll"];

    /// <summary>Sets a variable for the service.</summary>
    public ContainerSandbox Set(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>Bind-mounts a fresh host directory at <paramref name="target"/>.</summary>
    public ContainerSandbox Bind(string target, bool readOnly = false)
    {
        string name = target.Trim('/').Replace('/', '_');
        _volumes.AppendLine($"mkdir -p 'hostview/{name}' 'root{target}'");
        _volumes.AppendLine($"mount --bind 'hostview/{name}' 'root{target}'");
        if (readOnly)
        {
            _volumes.AppendLine($"mount -o remount,bind,ro 'root{target}'");
        }

        return this;
    }

    /// <summary>Bind-mounts the standard layout: audio, temp, logs, data, config and .cache under /app.</summary>
    public ContainerSandbox StandardVolumes()
    {
        foreach (string name in new[] { "audio", "temp", "logs", "data", "config", ".cache" })
        {
            Bind("/app/" + name);
        }

        return this;
    }

    /// <summary>Bind-mounts a single host file at <paramref name="target"/> (the host file is created first).</summary>
    public ContainerSandbox BindFile(string target)
    {
        string name = "file_" + Path.GetFileName(target);
        _volumes.AppendLine($"mkdir -p 'root{Path.GetDirectoryName(target)}'");
        _volumes.AppendLine($"touch 'hostview/{name}' 'root{target}'");
        _volumes.AppendLine($"mount --bind 'hostview/{name}' 'root{target}'");
        return this;
    }

    /// <summary>Mounts a tmpfs at <paramref name="target"/> (4 MiB, or <paramref name="size"/>), optionally filled up to the last block.</summary>
    public ContainerSandbox Tmpfs(string target, bool full = false, string? size = null)
    {
        _volumes.AppendLine($"mkdir -p 'root{target}'");
        _volumes.AppendLine($"mount -t tmpfs -o size={size ?? (full ? "64k" : "4m")} tmpfs 'root{target}'");
        if (full)
        {
            _volumes.AppendLine($"dd if=/dev/zero of='root{target}/filler' bs=4k count=64 2>/dev/null || true");
        }

        return this;
    }

    /// <summary>Adds a raw shell line run before the service starts (in the sandbox folder, root at ./root).</summary>
    public ContainerSandbox Shell(string line)
    {
        _volumes.AppendLine(line);
        return this;
    }

    /// <summary>Builds the container and runs the service in it.</summary>
    public ProcessResult Run()
    {
        string testHost = AppContext.BaseDirectory.TrimEnd('/');
        var script = new StringBuilder();
        script.AppendLine("set -e");
        script.AppendLine($"cd '{_tree.Root}'");
        script.AppendLine("mkdir -p lower upper work root host hostlower hostwork hostview");

        // Volumes are bound from an overlay whose upper directory is the host folder (what the test reads): their
        // filesystem type is then overlay wherever the sandbox lives, never the tmpfs that /tmp may be, so what the
        // volume rules see does not depend on the machine.
        script.AppendLine("mount -t overlay overlay -o lowerdir=hostlower,upperdir=host,workdir=hostwork hostview");
        script.AppendLine(OverlayRoot
            ? "mount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=work root"
            : "mount -t tmpfs -o size=64m tmpfs root");
        script.AppendLine("for d in usr etc; do mkdir -p root/$d; mount --bind /$d root/$d; mount -o remount,bind,ro root/$d; done");
        script.AppendLine("for l in bin lib lib64 sbin; do if [ -L /$l ]; then ln -s \"$(readlink /$l)\" root/$l; elif [ -d /$l ]; then mkdir -p root/$l; mount --bind /$l root/$l; mount -o remount,bind,ro root/$l; fi; done");
        script.AppendLine("mkdir -p root/proc root/dev root/tmp root/opt/testhost root/app");
        script.AppendLine("mount -t proc proc root/proc");
        script.AppendLine("mount --rbind /dev root/dev");
        script.AppendLine("mount -t tmpfs tmpfs root/tmp");
        script.AppendLine($"mount --bind '{testHost}' root/opt/testhost && mount -o remount,bind,ro root/opt/testhost");
        if (DockerEnv)
        {
            script.AppendLine("touch root/.dockerenv");
        }

        script.AppendLine($"mkdir -p 'root{WorkingDirectory}'");
        script.Append(_volumes);
        var command = new StringBuilder($"exec chroot root /usr/bin/env -i --chdir='{WorkingDirectory}' PATH=/usr/bin:/bin HOME=/tmp DOTNET_EnableDiagnostics=0 DOTNET_CLI_TELEMETRY_OPTOUT=1");
        if (ChildProcess.Arm64)
        {
            command.Append(" DOTNET_EnableWriteXorExecute=0");
        }

        foreach ((string name, string value) in _environment)
        {
            command.Append($" '{name}={value.Replace("'", "'\\''", StringComparison.Ordinal)}'");
        }

        foreach (string word in Command)
        {
            command.Append(" '").Append(word.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
        }

        script.AppendLine(command.ToString());
        string file = _tree["sandbox.sh"];
        File.WriteAllText(file, script.ToString());
        return ChildProcess.Run(["unshare", "-m", "--propagation", "private", "sh", file]);
    }

    public void Dispose() => _tree.Dispose();
}
