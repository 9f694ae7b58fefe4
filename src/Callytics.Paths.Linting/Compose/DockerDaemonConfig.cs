using System.Text.Json;

namespace Callytics.Paths.Linting.Compose;

/// <summary>
/// What a Docker daemon's <c>daemon.json</c> says about logs: its default driver (<c>log-driver</c>, Docker's own
/// default <c>json-file</c> when unset) and that driver's default options (<c>log-opts</c>). A container whose driver
/// is the daemon's default takes each option it does not set itself from here, as the daemon merges them.
/// </summary>
public sealed class DockerDaemonConfig
{
    /// <summary>Docker's log driver when neither the daemon nor the service names one.</summary>
    public const string DockerDefaultLogDriver = "json-file";

    private DockerDaemonConfig(string displayName, string logDriver, IReadOnlyDictionary<string, string> logOptions)
    {
        DisplayName = displayName;
        LogDriver = logDriver;
        LogOptions = logOptions;
    }

    /// <summary>The file as the user named it, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The daemon's default log driver.</summary>
    public string LogDriver { get; }

    /// <summary>The daemon's default options for <see cref="LogDriver"/>.</summary>
    public IReadOnlyDictionary<string, string> LogOptions { get; }

    /// <summary>Reads <paramref name="path"/> (shown as <paramref name="displayName"/>).</summary>
    /// <exception cref="ComposeReadException">The file cannot be read, is not JSON, or its log settings are not what the daemon accepts.</exception>
    public static DockerDaemonConfig Load(string path, string displayName)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ComposeReadException(displayName, 0, 0, $"the daemon configuration cannot be read: {exception.Message}");
        }

        return Read(bytes, displayName);
    }

    /// <summary>Reads a <c>daemon.json</c>'s text.</summary>
    /// <exception cref="ComposeReadException">It is not JSON, or its log settings are not what the daemon accepts.</exception>
    public static DockerDaemonConfig Parse(ReadOnlySpan<byte> json, string displayName) => Read(json.ToArray(), displayName);

    private static DockerDaemonConfig Read(ReadOnlyMemory<byte> json, string displayName)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ComposeReadException(displayName, 0, 0, "a daemon.json is a JSON object (dockerd refuses anything else)");
            }

            string driver = DockerDefaultLogDriver;
            if (document.RootElement.TryGetProperty("log-driver", out JsonElement driverElement))
            {
                driver = driverElement.ValueKind == JsonValueKind.String && driverElement.GetString() is { Length: > 0 } named
                    ? named
                    : throw new ComposeReadException(displayName, 0, 0, "\"log-driver\" must be a driver's name, such as \"json-file\" or \"local\"");
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (document.RootElement.TryGetProperty("log-opts", out JsonElement optionsElement))
            {
                if (optionsElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ComposeReadException(displayName, 0, 0, "\"log-opts\" must be an object of strings, such as {\"max-size\": \"100m\"}");
                }

                foreach (JsonProperty option in optionsElement.EnumerateObject())
                {
                    options[option.Name] = option.Value.ValueKind == JsonValueKind.String
                        ? option.Value.GetString()!
                        : throw new ComposeReadException(displayName, 0, 0, $"\"log-opts\" values are strings (dockerd refuses {option.Value.ValueKind.ToString().ToLowerInvariant()} {option.Name})");
                }
            }

            return new DockerDaemonConfig(displayName, driver, options);
        }
        catch (JsonException exception)
        {
            throw new ComposeReadException(displayName, (int)(exception.LineNumber ?? -1) + 1, (int)(exception.BytePositionInLine ?? 0) + 1, "not JSON: " + exception.Message);
        }
    }
}
