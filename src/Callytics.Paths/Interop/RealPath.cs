using System.Runtime.InteropServices;

namespace Callytics.Paths.Interop;

/// <summary>Resolves symbolic links and <c>..</c> physically, as the kernel walks a path.</summary>
internal static class RealPath
{
    /// <summary>
    /// Resolves the longest prefix of <paramref name="path"/> that exists and appends the rest unchanged: the
    /// path the kernel would reach, even for a directory not created yet.
    /// </summary>
    internal static string OfLongestExistingPrefix(string path)
    {
        string prefix = path;
        string rest = string.Empty;
        while (true)
        {
            string? resolved = Resolve(prefix);
            if (resolved is not null)
            {
                return rest.Length == 0 ? resolved : (resolved == "/" ? "/" : resolved + "/") + rest;
            }

            string? parent = Path.GetDirectoryName(prefix);
            if (parent is null)
            {
                return path;
            }

            rest = rest.Length == 0 ? Path.GetFileName(prefix) : Path.GetFileName(prefix) + "/" + rest;
            prefix = parent;
        }
    }

    private static unsafe string? Resolve(string path)
    {
        byte* resolved = Libc.RealPath(path, null);
        if (resolved is null)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            NativeMemory.Free(resolved);
        }
    }
}
