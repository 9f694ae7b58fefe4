using System.Text.Json.Serialization;

namespace Callytics.Paths.Linting.Output;

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): the subset code scanning reads.

/// <summary>The root of a SARIF log.</summary>
internal sealed record SarifLog([property: JsonPropertyName("$schema")] string Schema, string Version, IReadOnlyList<SarifRun> Runs);

/// <summary>One run of one tool.</summary>
internal sealed record SarifRun(SarifTool Tool, IReadOnlyList<SarifResult> Results);

/// <summary>The tool.</summary>
internal sealed record SarifTool(SarifDriver Driver);

/// <summary>The tool's driver and every rule it can report.</summary>
internal sealed record SarifDriver(string Name, string Version, IReadOnlyList<SarifRule> Rules);

/// <summary>A rule's description.</summary>
internal sealed record SarifRule(string Id, string Name, SarifText ShortDescription, SarifText FullDescription, SarifConfiguration DefaultConfiguration, SarifText Help);

/// <summary>Text.</summary>
internal sealed record SarifText(string Text);

/// <summary>A rule's default level.</summary>
internal sealed record SarifConfiguration(string Level);

/// <summary>One finding.</summary>
internal sealed record SarifResult(string RuleId, int RuleIndex, string Level, SarifText Message, IReadOnlyList<SarifLocation> Locations);

/// <summary>Where a finding is.</summary>
internal sealed record SarifLocation(SarifPhysicalLocation PhysicalLocation);

/// <summary>A file and a region in it.</summary>
internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion Region);

/// <summary>A file.</summary>
internal sealed record SarifArtifactLocation(string Uri);

/// <summary>A line and column.</summary>
internal sealed record SarifRegion(int StartLine, int StartColumn);
