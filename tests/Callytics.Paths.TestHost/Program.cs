// The service the tests run as a child process (as another user, many at once, inside a container filesystem).
//   (no arguments)   start a Generic Host with AddCallyticsPaths(): exit 0 and the resolved layout on stdout when
//                    the layout is valid; exit 1 and the library's message on stderr when start-up validation fails.
//   health           start the host with the health check, then print the health status and description once per
//                    line read from stdin (so a test can change the filesystem between checks).
//   usage PATH       print "bytes files directories skipped" of DiskUsage.Measure(PATH).
using Callytics.Paths;
using Callytics.Paths.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

if (args is ["usage", string target])
{
    DiskUsage usage = DiskUsage.Measure(target);
    Console.WriteLine($"{usage.Bytes} {usage.Files} {usage.Directories} {usage.Skipped}");
    return 0;
}

// The content root is the host's own folder, not the working directory: the sandboxes run this host with "/" as
// its working directory, where the default appsettings reload would watch every directory under / with inotify
// (1.3 s of a 1.7 s start). The library reads no content root: relative values still resolve against the working
// directory, as the Python services resolve them.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.AddCallyticsPaths();
builder.Services.AddHealthChecks().AddCallyticsPaths(configure: o => o.CacheDuration = TimeSpan.Zero);
using IHost host = builder.Build();
try
{
    await host.StartAsync();
}
catch (OptionsValidationException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

if (args is ["health"])
{
    HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();
    do
    {
        HealthReport report = await health.CheckHealthAsync();
        HealthReportEntry entry = report.Entries["callytics-paths"];
        Console.WriteLine($"health: {entry.Status} {entry.Description}");
    }
    while (await Console.In.ReadLineAsync() is not null);
}
else
{
    CallyticsPaths paths = host.Services.GetRequiredService<IOptions<CallyticsPaths>>().Value;
    Console.WriteLine($"layout: {paths}");
}

await host.StopAsync();
return 0;
