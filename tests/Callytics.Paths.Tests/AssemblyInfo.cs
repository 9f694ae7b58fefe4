using System.Runtime.Versioning;

// The library checks Linux filesystems; its tests run on Linux (as root in CI).
[assembly: SupportedOSPlatform("linux")]
