using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Callytics.Paths.Benchmarks -- --filter '*'
// benchmarks/run.sh runs the in-process benchmarks inside a mount namespace where every path is on a volume.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
