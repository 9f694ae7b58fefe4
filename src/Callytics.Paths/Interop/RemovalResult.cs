namespace Callytics.Paths.Interop;

/// <summary>What a removal of a tree's contents did.</summary>
/// <param name="Bytes">The apparent sizes of the regular files really removed.</param>
/// <param name="Failure">What stopped a part of the removal (the first thing), or null when everything went.</param>
internal readonly record struct RemovalResult(long Bytes, string? Failure);
