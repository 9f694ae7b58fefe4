
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
                    Fingerprint(File.ReadAllBytes(path)), null);
            }
        }

        return entries;
    }

    /// <summary>
    /// A 64-bit FNV-1a of the bytes, with their length: enough to see a change, and no OpenSSL (the snapshot runs under
    /// qemu too, where the arm64 tests find no libssl).
    /// </summary>
    private static string Fingerprint(byte[] bytes)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211;
        }

        return $"{bytes.Length}:{hash:x16}";
    }
}
