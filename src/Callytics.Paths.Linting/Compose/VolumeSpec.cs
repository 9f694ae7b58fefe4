namespace Callytics.Paths.Linting.Compose;

/// <summary>What a service mounts where: a bind, a named or anonymous volume, or a tmpfs.</summary>
/// <param name="Type">bind, volume or tmpfs.</param>
/// <param name="Source">The host path (bind), the volume name (volume), or null (anonymous volume, tmpfs).</param>
/// <param name="Target">The container path.</param>
/// <param name="ReadOnly">Whether it is mounted read-only.</param>
/// <param name="CreateHostPath">For a bind: whether a missing host path is created (as a directory).</param>
internal sealed record VolumeSpec(string Type, string? Source, string Target, bool ReadOnly, bool CreateHostPath = true)
{
    private static readonly string[] Modes =
        ["ro", "rw", "z", "Z", "nocopy", "shared", "slave", "private", "rshared", "rslave", "rprivate", "cached", "delegated", "consistent"];

    /// <summary>Whether the source is a Windows absolute path (<c>C:\x</c>, <c>C:/x</c>, <c>\\server\share</c>).</summary>
    internal bool WindowsSource => Source is not null && Callytics.Paths.Validation.ValueRules.IsWindowsPath(Source);

    /// <summary>
    /// Reads the short syntax <c>SOURCE:TARGET[:MODE]</c> (or a bare <c>TARGET</c>, an anonymous volume). A Windows
    /// drive letter in the source (<c>C:\data:/app/data</c>) is part of the source. Returns null and the reason when malformed.
    /// </summary>
    internal static VolumeSpec? ParseShort(string text, out string? error)
    {
        error = null;
        List<string> parts = Split(text);
        if (parts.Count == 0 || parts.Count > 3 || parts.Exists(p => p.Length == 0))
        {
            error = $"'{text}' is not SOURCE:TARGET[:MODE]";
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0].StartsWith('/') ? new VolumeSpec("volume", null, parts[0], false) : Fail(text, "an anonymous volume needs an absolute container path", out error);
        }

        string source = parts[0];
        string target = parts[1];
        bool readOnly = false;
        if (parts.Count == 3)
        {
            foreach (string mode in parts[2].Split(','))
            {
                if (Array.IndexOf(Modes, mode) < 0)
                {
                    return Fail(text, $"'{mode}' is not a volume mode (ro, rw, z, Z, nocopy, or a propagation)", out error);
                }

                readOnly |= mode == "ro";
            }
        }

        if (!target.StartsWith('/'))
        {
            return Fail(text, $"the container path '{target}' is not absolute", out error);
        }

        bool bind = source.StartsWith('.') || source.StartsWith('/') || source.StartsWith('~') || Callytics.Paths.Validation.ValueRules.IsWindowsPath(source);
        return new VolumeSpec(bind ? "bind" : "volume", source, target, readOnly);
    }

    /// <summary>Splits on ':' except a drive letter's colon at the start (<c>C:\x</c>, <c>C:/x</c>).</summary>
    private static List<string> Split(string text)
    {
        var parts = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            bool driveColon = i == start + 1 && char.IsAsciiLetter(text[start]) && i + 1 < text.Length && text[i + 1] is '\\' or '/';
            if (text[i] == ':' && !driveColon)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static VolumeSpec? Fail(string text, string reason, out string? error)
    {
        error = $"'{text}': {reason}";
        return null;
    }
}
