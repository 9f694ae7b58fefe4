using System.Runtime.Versioning;

// The library checks Linux filesystems; its tests run on Linux (as root in CI).
[assembly: SupportedOSPlatform("linux")]

// The long test classes start first, so that none runs alone at the end (Support/LongRunningFirst.cs).
[assembly: TestCollectionOrderer("Callytics.Paths.Tests.Support.LongRunningFirst", "Callytics.Paths.Tests")]
