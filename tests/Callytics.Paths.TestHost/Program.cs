// Starts a Generic Host with AddCallyticsPaths() and reports the outcome:
// exit 0 and the resolved layout on stdout when the layout is valid;
// exit 1 and the library's message on stderr when start-up validation fails.
using Callytics.Paths;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Services.AddCallyticsPaths();
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

CallyticsPaths paths = host.Services.GetRequiredService<IOptions<CallyticsPaths>>().Value;
Console.WriteLine($"layout: {paths}");
await host.StopAsync();
return 0;
