using System.Security.Cryptography;

namespace Callytics.Paths.Tests.Support;

/// <summary>Every entry under a directory with its type, size, mode, modification time and content hash.</summary>
public static class TreeSnapshot
{
    public sealed record Entry(string Kind, long Size, UnixFileMode Mode, DateTime Modified, string? Hash, string? LinkTarget);

    public static Dictionary<string, Entry> Take(string root)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var info = new FileInfo(path);
            string relative = Path.GetRelativePath(root, path);
            if (info.LinkTarget is { } target)
            {
                entries[relative] = new Entry("link", 0, 0, info.LastWriteTimeUtc, null, target);
            }
            else if (Directory.Exists(path))
            {
                entries[relative] = new Entry("dir", 0, File.GetUnixFileMode(path), Directory.GetLastWriteTimeUtc(path), null, null);
            }
            else
            {
                entries[relative] = new Entry("file", info.Length, info.UnixFileMode, info.LastWriteTimeUtc,
                    Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))), null);
            }
        }

        return entries;
    }
}
