using System.Runtime.Versioning;

// The Docker Engine, its mounts and the services in it: Linux only, as root in CI.
[assembly: SupportedOSPlatform("linux")]
