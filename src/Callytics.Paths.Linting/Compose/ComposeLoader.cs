using Callytics.Paths.Validation;
using YamlDotNet.RepresentationModel;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// Reads one or more compose files into a <see cref="ComposeProject"/> as compose does: anchors, aliases and
/// <c>&lt;&lt;</c> merge keys; interpolation with the <c>.env</c> beside the first file and the process environment
/// (the environment wins); <c>env_file</c>; <c>extends</c> (same file or another); short and long volume syntax and
/// the service <c>tmpfs</c> key; later files override earlier ones (environment by name, volumes by container path).
/// </summary>
public sealed class ComposeLoader
{
    private readonly Func<string, string?> _lookup;
    private readonly string _home;
    private readonly string _workingDirectory;
    private readonly Dictionary<string, ComposeDocument> _extendedFiles = new(StringComparer.Ordinal);
    private readonly ComposeProject _project = new();

    private ComposeLoader(Func<string, string?> lookup, string home, string workingDirectory)
    {
        _lookup = lookup;
        _home = home;
        _workingDirectory = workingDirectory;
    }

    /// <summary>Loads <paramref name="files"/> (the first one's directory is the project directory).</summary>
    public static ComposeProject Load(IReadOnlyList<string> files, Func<string, string?>? environment = null)
    {
        ComposeDocument[] documents = [.. files.Select(f => ComposeDocument.Load(f, f))];
        return Load(documents, environment);
    }

    /// <summary>
    /// Loads documents already parsed: values are interpolated from <paramref name="environment"/> (the process's by
    /// default), then the project's .env; <c>~</c> in a bind source is its <c>HOME</c>; a file named by <c>extends</c>
    /// is shown relative to <paramref name="workingDirectory"/> (the process's by default).
    /// </summary>
    public static ComposeProject Load(IReadOnlyList<ComposeDocument> documents, Func<string, string?>? environment = null, string? workingDirectory = null)
    {
        Func<string, string?> process = environment ?? System.Environment.GetEnvironmentVariable;
        Dictionary<string, string> dotEnv = documents.Count == 0 ? [] : ReadEnvFile(Path.Combine(documents[0].Directory, ".env"), documents[0].DisplayName, null);
        ComposeLoader? loader = null;
        loader = new ComposeLoader(
            name =>
            {
                if (process(name) is { } fromEnvironment)
                {
                    loader!._project.EnvironmentValues[name] = fromEnvironment;
                    return fromEnvironment;
                }

                return dotEnv.GetValueOrDefault(name);
            },
            process("HOME") ?? "/",
            workingDirectory ?? System.Environment.CurrentDirectory);
        foreach (ComposeDocument document in documents)
        {
            loader._project.Documents.Add(document);
            loader.LoadDocument(document);
        }

        return loader._project;
    }

    private void LoadDocument(ComposeDocument document)
    {
        if (Child(document.Root, "volumes") is YamlMappingNode volumes)
        {
            foreach (YamlNode key in volumes.Children.Keys)
            {
                _project.DeclaredVolumes.Add(((YamlScalarNode)key).Value ?? string.Empty);
            }
        }

        if (Child(document.Root, "services") is not YamlMappingNode services)
        {
            if (Child(document.Root, "services") is { } other && !(other is YamlScalarNode { Value: null or "" or "~" or "null" } && other.Tag.IsEmpty))
            {
                throw new ComposeReadException(document.DisplayName, (int)other.Start.Line, (int)other.Start.Column,
                    $"'services' must be a mapping of service names to services, not {Shape(other)}; compose refuses this file");
            }

            return;
        }

        var keys = services.Children.Keys.ToList();
        int servicesEnd = NextTopLevelKeyIndex(document, "services");
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i] is not YamlScalarNode { Value: { } name } key || services.Children[key] is not YamlMappingNode node)
            {
                continue;
            }

            int start = (int)key.Start.Index;
            int end = i + 1 < keys.Count ? (int)keys[i + 1].Start.Index : servicesEnd;
            if (!_project.Services.TryGetValue(name, out ComposeService? service))
            {
                _project.Services[name] = service = new ComposeService(name);
            }

            service.Position = SourcePosition.Of(document.DisplayName, key);
            service.Declarations.Add((document, node, start, end));
            Apply(service, document, node, start, end, [name]);
        }
    }

    /// <summary>Applies one declaration of a service (after what it extends) onto <paramref name="service"/>.</summary>
    private void Apply(ComposeService service, ComposeDocument document, YamlMappingNode node, int ownStart, int ownEnd, List<string> chain)
    {
        Dictionary<string, YamlNode> fields = Merged(node);
        if (fields.TryGetValue("extends", out YamlNode? extends))
        {
            Extend(service, document, extends, chain);
        }

        if (fields.TryGetValue("profiles", out YamlNode? profiles) && profiles is YamlSequenceNode list)
        {
            service.Profiles.AddRange(list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty));
        }

        if (fields.TryGetValue("read_only", out YamlNode? readOnly) && readOnly is YamlScalarNode flag)
        {
            // A later file or an extending service may turn it off again (read_only: false).
            service.ReadOnlyRoot = flag.Value is "true" or "True" or "yes" ? SourcePosition.Of(document.DisplayName, flag) : null;
        }

        if (fields.TryGetValue("logging", out YamlNode? logging) && logging is YamlMappingNode loggingMap)
        {
            // As compose merges it: another driver replaces the options; the same driver (or none named) adds to them.
            Dictionary<string, YamlNode> settings = Merged(loggingMap);
            string? driver = settings.GetValueOrDefault("driver") is YamlScalarNode { Value: { Length: > 0 } d } driverNode
                ? Interpolate(d, service, document, driverNode).Value
                : null;
            var options = driver is not null && driver != service.Logging.Driver
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : new Dictionary<string, string>(service.Logging.Options, StringComparer.Ordinal);
            if (settings.GetValueOrDefault("options") is YamlMappingNode optionsMap)
            {
                foreach ((string key, YamlNode value) in Merged(optionsMap))
                {
                    if (value is YamlScalarNode { Value: { } text } scalar)
                    {
                        options[key] = Interpolate(text, service, document, scalar).Value;
                    }
                }
            }

            YamlNode at = node.Children.FirstOrDefault(c => c.Value == logging).Key ?? logging; // the key, where the service writes it
            service.Logging = new ServiceLogging(driver ?? service.Logging.Driver, options, SourcePosition.Of(document.DisplayName, at), loggingMap,
                logging.Start.Index >= ownStart && logging.Start.Index < ownEnd);
        }

        if (fields.TryGetValue("env_file", out YamlNode? envFile))
        {
            foreach ((string file, YamlNode at) in EnvFiles(envFile))
            {
                string path = Path.GetFullPath(Interpolate(file, service, document, at).Value, document.Directory);
                foreach ((string name, string value) in ReadEnvFile(path, document.DisplayName, at))
                {
                    service.Environment[name] = new EnvironmentEntry(name, value, value, SourcePosition.Of(document.DisplayName, at), null, document, Own: false, [], null);
                }
            }
        }

        if (fields.TryGetValue("environment", out YamlNode? environment))
        {
            List<(string Name, YamlNode Value)> refused = environment is YamlMappingNode map
                ? [.. Merged(map).Where(p => p.Value is not YamlScalarNode).Select(p => (p.Key, p.Value))]
                : environment is YamlSequenceNode items ? [.. items.Children.Where(i => i is not YamlScalarNode).Select(i => (string.Empty, i))] : [];
            foreach ((string name, YamlNode value) in refused)
            {
                Note("CC193", FindingSeverity.Error, document, value, service.Name, LintMessages.EnvironmentValueNotScalar(name, Shape(value)));
            }

            foreach ((string name, YamlScalarNode? valueNode, YamlNode at, string? written) in EnvironmentEntries(environment))
            {
                if (valueNode is null && refused.Exists(r => r.Name == name))
                {
                    continue; // reported above: compose refuses it
                }

                bool own = at.Start.Index >= ownStart && at.Start.Index < ownEnd;
                if (written is null)
                {
                    string? fromProcess = _lookup(name);
                    service.Environment[name] = new EnvironmentEntry(name, fromProcess, name, SourcePosition.Of(document.DisplayName, at), valueNode, document, own,
                        fromProcess is null ? [name] : [], null);
                    continue;
                }

                Interpolation.Result result = Interpolation.Apply(written, _lookup);
                if (result.Error is not null)
                {
                    Note("CC193", FindingSeverity.Error, document, at, service.Name, LintMessages.InterpolationRefused(name, result.Error));
                }

                service.Environment[name] = new EnvironmentEntry(name, result.Value, written, SourcePosition.Of(document.DisplayName, at), valueNode, document, own,
                    result.Unset, result.Error);
            }
        }

        if (fields.TryGetValue("volumes", out YamlNode? volumes))
        {
            if (volumes is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence.Children)
                {
                    AddVolume(service, document, item, item.Start.Index >= ownStart && item.Start.Index < ownEnd);
                }
            }
            else
            {
                Note("CC190", FindingSeverity.Error, document, volumes, service.Name, LintMessages.VolumesNotList());
            }
        }

        if (fields.TryGetValue("tmpfs", out YamlNode? tmpfs))
        {
            IEnumerable<YamlNode> targets = tmpfs is YamlSequenceNode many ? many.Children : [tmpfs];
            foreach (YamlScalarNode target in targets.OfType<YamlScalarNode>())
            {
                string path = Interpolate(target.Value ?? string.Empty, service, document, target).Value.Split(':')[0];
                service.Volumes[path] = new ServiceVolume(new VolumeSpec("tmpfs", null, path, false), null, SourcePosition.Of(document.DisplayName, target), target, document,
                    target.Start.Index >= ownStart && target.Start.Index < ownEnd);
            }
        }
    }

    private void Extend(ComposeService service, ComposeDocument document, YamlNode extends, List<string> chain)
    {
        string? baseName = null;
        ComposeDocument baseDocument = document;
        if (extends is YamlScalarNode scalar)
        {
            baseName = scalar.Value;
        }
        else if (extends is YamlMappingNode mapping)
        {
            Dictionary<string, YamlNode> fields = Merged(mapping);
            baseName = (fields.GetValueOrDefault("service") as YamlScalarNode)?.Value;
            if (fields.GetValueOrDefault("file") is YamlScalarNode { Value: { } file })
            {
                string path = Path.GetFullPath(Interpolate(file, service, document, extends).Value, document.Directory);
                if (!_extendedFiles.TryGetValue(path, out ComposeDocument? other))
                {
                    other = ComposeDocument.Load(path, Path.GetRelativePath(_workingDirectory, path));
                    _extendedFiles[path] = other;
                }

                baseDocument = other;
            }
        }

        string key = baseDocument.Path + "#" + baseName;
        if (baseName is null || chain.Contains(key))
        {
            Note("CC191", FindingSeverity.Error, document, extends, service.Name, LintMessages.ExtendsLoops(baseName));
            return;
        }

        if (Child(baseDocument.Root, "services") is not YamlMappingNode services
            || services.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == baseName) is not { Value: YamlMappingNode baseNode })
        {
            Note("CC191", FindingSeverity.Error, document, extends, service.Name, LintMessages.ExtendsMissing(baseName, baseDocument.DisplayName));
            return;
        }

        // What comes from the base is never the service's own text: ranges outside any file position.
        Apply(service, baseDocument, baseNode, -1, -1, [.. chain, key]);
    }

    private void AddVolume(ComposeService service, ComposeDocument document, YamlNode item, bool own)
    {
        VolumeSpec? spec = null;
        string? error = null;
        if (item is YamlScalarNode scalar)
        {
            spec = VolumeSpec.ParseShort(Interpolate(scalar.Value ?? string.Empty, service, document, item).Value, out error);
        }
        else if (item is YamlMappingNode mapping)
        {
            Dictionary<string, YamlNode> fields = Merged(mapping);
            string Text(string name) => fields.GetValueOrDefault(name) is YamlScalarNode { Value: { } v } s ? Interpolate(v, service, document, s).Value : string.Empty;
            string type = Text("type").Length == 0 ? "volume" : Text("type");
            string target = Text("target");
            bool readOnly = Text("read_only") is "true" or "True" or "yes";
            bool create = !(fields.GetValueOrDefault("bind") is YamlMappingNode bind && Merged(bind).GetValueOrDefault("create_host_path") is YamlScalarNode { Value: "false" });
            string source = Text("source");
            if (target.Length == 0 || !target.StartsWith('/'))
            {
                error = "a long-syntax volume needs an absolute 'target'";
            }
            else
            {
                spec = new VolumeSpec(type, source.Length == 0 ? null : source, target, readOnly, create);
            }
        }

        if (spec is null)
        {
            Note("CC192", FindingSeverity.Error, document, item, service.Name, LintMessages.VolumeUnreadable(error));
            return;
        }

        string? host = spec.Type == "bind" && spec.Source is { } source2 && !spec.WindowsSource
            ? Path.GetFullPath(source2.StartsWith('~') ? _home + source2[1..] : source2, document.Directory)
            : null;
        service.Volumes[spec.Target.TrimEnd('/') is { Length: > 0 } t ? t : "/"] = new ServiceVolume(spec, host, SourcePosition.Of(document.DisplayName, item), item, document, own);
    }

    private Interpolation.Result Interpolate(string text, ComposeService service, ComposeDocument document, YamlNode at)
    {
        Interpolation.Result result = Interpolation.Apply(text, _lookup);
        if (result.Error is not null)
        {
            Note("CC193", FindingSeverity.Error, document, at, service.Name, LintMessages.InterpolationRefused(null, result.Error));
        }

        return result;
    }

    private void Note(string code, FindingSeverity severity, ComposeDocument document, YamlNode at, string service, LintText text) =>
        _project.Notes.Add(new LoadNote(code, severity, SourcePosition.Of(document.DisplayName, at), service, text.Message, text.Fix));

    /// <summary>How deep merge keys may nest (a mapping merging one that merges another ...), as kube lint bounds nesting.</summary>
    internal const int MaxMergeDepth = 64;

    /// <summary>
    /// The entries of a mapping with YAML merge keys applied: own keys win, then earlier merged maps. Each mapping is
    /// merged once however many times it is named (a chain <c>mN: &amp;mN {&lt;&lt;: [*mN-1, *mN-1]}</c> is linear, not
    /// exponential); a merge deeper than <see cref="MaxMergeDepth"/>, or of a mapping into itself, is a
    /// <see cref="ComposeMergeException"/>.
    /// </summary>
    internal static Dictionary<string, YamlNode> Merged(YamlMappingNode mapping) =>
        new Dictionary<string, YamlNode>(Merged(mapping, new Dictionary<YamlMappingNode, Dictionary<string, YamlNode>?>(ReferenceEqualityComparer.Instance), 0), StringComparer.Ordinal);

    private static Dictionary<string, YamlNode> Merged(YamlMappingNode mapping, Dictionary<YamlMappingNode, Dictionary<string, YamlNode>?> done, int depth)
    {
        if (done.TryGetValue(mapping, out Dictionary<string, YamlNode>? known))
        {
            return known ?? throw new ComposeMergeException(mapping, "a merge key (<<) names the mapping that holds it");
        }

        if (depth > MaxMergeDepth)
        {
            throw new ComposeMergeException(mapping, $"merge keys (<<) nested more than {MaxMergeDepth} deep: refused");
        }

        done[mapping] = null;
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "<<" })
            {
                continue;
            }

            fields[(key as YamlScalarNode)?.Value ?? string.Empty] = value;
        }

        if (mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode { Value: "<<" }).Value is { } merge)
        {
            IEnumerable<YamlNode> sources = merge is YamlSequenceNode list ? list.Children : [merge];
            foreach (YamlMappingNode source in sources.OfType<YamlMappingNode>())
            {
                foreach ((string key, YamlNode value) in Merged(source, done, depth + 1))
                {
                    fields.TryAdd(key, value);
                }
            }
        }

        done[mapping] = fields;
        return fields;
    }

    private static IEnumerable<(string Name, YamlScalarNode? Value, YamlNode At, string? Written)> EnvironmentEntries(YamlNode environment)
    {
        if (environment is YamlMappingNode mapping)
        {
            foreach ((string name, YamlNode value) in Merged(mapping))
            {
                YamlScalarNode? scalar = value as YamlScalarNode;
                bool bare = scalar is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null") && scalar.Tag.IsEmpty);
                yield return (name, scalar, scalar is null || bare && scalar.Start.Index == scalar.End.Index ? KeyOf(mapping, name) : scalar, bare ? null : scalar!.Value);
            }
        }
        else if (environment is YamlSequenceNode list)
        {
            foreach (YamlScalarNode item in list.Children.OfType<YamlScalarNode>())
            {
                string text = item.Value ?? string.Empty;
                int equals = text.IndexOf('=', StringComparison.Ordinal);
                yield return equals < 0 ? (text, item, item, null) : (text[..equals], item, item, text[(equals + 1)..]);
            }
        }
    }

    private static YamlNode KeyOf(YamlMappingNode mapping, string name) =>
        mapping.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == name) ?? mapping;

    private static IEnumerable<(string File, YamlNode At)> EnvFiles(YamlNode node)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode list ? list.Children : [node];
        foreach (YamlNode item in items)
        {
            if (item is YamlScalarNode { Value: { } file })
            {
                yield return (file, item);
            }
            else if (item is YamlMappingNode mapping && Merged(mapping).GetValueOrDefault("path") is YamlScalarNode { Value: { } path })
            {
                yield return (path, item);
            }
        }
    }

    internal static YamlNode? Child(YamlMappingNode mapping, string name) =>
        mapping.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == name).Value;

    /// <summary>Where the text after the <paramref name="key"/> section ends: the next top-level key, or the end of the file.</summary>
    private static int NextTopLevelKeyIndex(ComposeDocument document, string key)
    {
        var keys = document.Root.Children.Keys.ToList();
        int index = keys.FindIndex(k => (k as YamlScalarNode)?.Value == key);
        return index >= 0 && index + 1 < keys.Count ? (int)keys[index + 1].Start.Index : document.Text.Length;
    }

    /// <summary>An env_file or .env, or a <see cref="ComposeReadException"/> at the line naming it when it is no regular file of bounded size.</summary>
    private static Dictionary<string, string> ReadEnvFile(string path, string displayName, YamlNode? at)
    {
        try
        {
            return EnvFile.Read(path);
        }
        catch (IOException exception)
        {
            throw new ComposeReadException(displayName, at is null ? 0 : (int)at.Start.Line, at is null ? 0 : (int)at.Start.Column, $"{path}: {exception.Message}");
        }
    }

    /// <summary>What a YAML node is, in words: a list, a mapping, a string.</summary>
    private static string Shape(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode { Tag.IsEmpty: false } scalar => $"the {scalar.Tag.Value} scalar '{scalar.Value}'",
        YamlScalarNode scalar => $"the string '{scalar.Value}'",
        _ => "an alias",
    };
}
