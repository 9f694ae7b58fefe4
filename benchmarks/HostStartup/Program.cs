using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

long main = Stopwatch.GetTimestamp();
HostApplicationBuilder builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
if (args is ["with"])
{
    builder.Services.AddCallyticsPaths();
}

using IHost host = builder.Build();
long built = Stopwatch.GetTimestamp();
await host.StartAsync();
long started = Stopwatch.GetTimestamp();
await host.StopAsync();
long stopped = Stopwatch.GetTimestamp();

// The phases' clock (CLOCK_MONOTONIC in nanoseconds on Linux), for benchmarks/tools/host_phases.py.
if (Environment.GetEnvironmentVariable("CALLYTICS_BENCH_PHASES") == "1")
{
    Console.WriteLine($"main={main} built={built} started={started} stopped={stopped}");
}
