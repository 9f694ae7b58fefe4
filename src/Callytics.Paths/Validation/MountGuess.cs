namespace Callytics.Paths.Validation;

/// <summary>
/// The "did you mean" guess, written once for every reader of where paths land (the running container's mount table
/// and the linters' workloads): the mounted directory a path was probably meant to be.
/// </summary>
public static class MountGuess
{
    /// <summary>
    /// The mount point among <paramref name="mountPoints"/> with the same parent as <paramref name="path"/> and the same
    /// name but for a leading dot, case or a typo (at most two edits); the closest, the first of equals; null for none.
    /// </summary>
    public static string? ProbablyMeant(string path, IEnumerable<string> mountPoints)
    {
        string parent = Path.GetDirectoryName(path) ?? "/";
        string name = Name(path);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string point in mountPoints)
        {
            if (point == "/" || point == path || Path.GetDirectoryName(point) != parent)
            {
                continue;
            }

            int distance = EditDistance.Between(name, Name(point));
            if (distance <= 2 && distance < bestDistance)
            {
                (best, bestDistance) = (point, distance);
            }
        }

        return best;
    }

    private static string Name(string path) => Path.GetFileName(path).TrimStart('.').ToLowerInvariant();
}
