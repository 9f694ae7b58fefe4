using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

HostApplicationBuilder builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
if (args is ["with"])
{
    builder.Services.AddCallyticsPaths();
}

using IHost host = builder.Build();
await host.StartAsync();
await host.StopAsync();
