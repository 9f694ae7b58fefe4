using System.Runtime.Versioning;

// The Docker Engine, its mounts and the services in it: Linux only, as root in CI.
[assembly: SupportedOSPlatform("linux")]

// The tests mostly wait on the engine (image builds, starts, health checks): four classes at once, not one per
// processor, so that the compose verdicts run while the sample images build.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
