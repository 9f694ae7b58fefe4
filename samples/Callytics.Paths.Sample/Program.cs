// The Callytics.Paths sample: a Callytics service in miniature. It receives call recordings, keeps a session per
// request under TEMP_DIR, caches parsed metadata under CACHE_DIR/audio, stores calls in the SQLite database named by
// DATABASE_URL, logs to LOG_DIR, and reports its layout's health. A broken layout stops it before it listens.
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Callytics.Paths;
using Callytics.Paths.Configuration;
using Callytics.Paths.Reporting;
using Callytics.Paths.Sample;
using Callytics.Paths.Validation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

if (args is ["--healthcheck", ..])
{
    // The image's HEALTHCHECK (samples/docker/Dockerfile): the ASP.NET image has no curl, so the sample asks its own
    // /healthz with the runtime it already has. 0 when Healthy or Degraded (200), 1 otherwise.
    return await HealthProbe.RunAsync(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
}

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["CALLYTICS_DEMO"] == "true")
{
    // `dotnet run` (launch settings): demo settings, each only where the shell set nothing, so that
    // `CALLYTICS_MOUNT_CHECK=enforce dotnet run …` or `CALLYTICS_ROOT=/srv/app dotnet run …` still win.
    if (builder.Configuration[CallyticsPathsVariables.Root] is null)
    {
        // A demo layout under the repository's git-ignored .callytics folder, the database inside the data directory.
        string root = typeof(CallStore).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "DemoRoot").Value!;
        builder.Configuration[CallyticsPathsVariables.Root] = root;
        builder.Configuration[CallyticsPathsVariables.DatabaseUrl] ??= $"sqlite:///{root}/data/Callytics_new.sqlite";
    }

    builder.Configuration[CallyticsPathsVariables.MountCheck] ??= "off"; // the repository is no volume
}

builder.Services.AddCallyticsPaths();
TimeSpan healthCache = TimeSpan.TryParse(builder.Configuration["CallyticsPaths:Health:CacheDuration"], System.Globalization.CultureInfo.InvariantCulture, out TimeSpan configured)
    ? configured : TimeSpan.FromSeconds(5);
builder.Services.AddHealthChecks().AddCallyticsPaths(configure: o => o.CacheDuration = healthCache);
// The layout's free space, usability and temp sessions as OpenTelemetry metrics, scraped by Prometheus at /metrics.
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("Callytics.Paths").AddPrometheusExporter());
builder.Services.AddSingleton<CallStore>();
builder.Services.AddSingleton<CallLog>();
builder.Services.AddSingleton<LayoutReportEndpoint>();

WebApplication app = builder.Build();

app.MapHealthChecks("/healthz");
app.MapPrometheusScrapingEndpoint(); // GET /metrics
app.MapHealthChecks("/healthz/details", new HealthCheckOptions { ResponseWriter = WriteDetails });

app.MapGet("/paths", (LayoutReportEndpoint report, CancellationToken cancellationToken) => report.GetAsync(cancellationToken));

app.MapPost("/calls", async (HttpRequest request, ITempSessions sessions, IOptions<CallyticsPaths> paths, CallStore store, CallLog log, CancellationToken cancellationToken) =>
{
    // The recording comes as multipart form data with one file (curl -F audio=@call.wav) or as the raw body
    // (curl --data-binary @call.wav -H 'Content-Type: audio/wav'), as the Python sample takes it.
    IFormFile? upload = null;
    if (request.HasFormContentType)
    {
        IFormCollection form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count != 1)
        {
            return Results.BadRequest(new { error = $"send exactly one audio file (got {form.Files.Count})" });
        }

        upload = form.Files[0];
    }

    await using TempSession session = sessions.Create();
    string stored = Path.Combine(session.Path, "upload.wav");
    await using (FileStream file = File.Create(stored))
    {
        await (upload is null ? request.Body.CopyToAsync(file, cancellationToken) : upload.CopyToAsync(file, cancellationToken));
    }

    string hash;
    WavHeader? header;
    string? error;
    await using (FileStream file = File.OpenRead(stored))
    {
        hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        file.Position = 0;
        header = WavHeader.TryRead(file, out error);
    }

    if (header is null)
    {
        return Results.BadRequest(new { error });
    }

    // The parsed metadata is cached by content under CACHE_DIR/audio: the same recording is never parsed twice.
    string cached = Path.Combine(paths.Value.GetCacheDirectory("audio"), hash + ".json");
    if (!File.Exists(cached))
    {
        await File.WriteAllTextAsync(cached, JsonSerializer.Serialize(header), cancellationToken);
    }

    var call = new CallRecord(Guid.NewGuid().ToString("N"), upload is null ? "upload.wav" : Path.GetFileName(upload.FileName), header.SampleRate, header.Channels, header.BitsPerSample,
        Math.Round(header.DurationSeconds, 3), DateTimeOffset.UtcNow);
    await store.AddAsync(call, cancellationToken);
    await log.AppendAsync(call, cancellationToken);
    return Results.Created($"/calls/{call.Id}", call);
}).DisableAntiforgery();

app.MapGet("/calls/{id}", async (string id, CallStore store, CancellationToken cancellationToken) =>
    await store.FindAsync(id, cancellationToken) is { } call ? Results.Ok(call) : Results.NotFound());

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException exception)
{
    // The library's message: every problem, its variable and its fix. Nothing was served.
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

static Task WriteDetails(HttpContext context, HealthReport report)
{
    context.Response.ContentType = "application/json";
    using var buffer = new MemoryStream();
    using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
    {
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteStartObject("checks");
        foreach ((string name, HealthReportEntry entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            writer.WriteString("description", entry.Description);
            writer.WriteStartObject("paths");
            foreach ((string key, object value) in entry.Data)
            {
                if (value is PathReport path)
                {
                    writer.WritePropertyName(key);
                    JsonSerializer.Serialize(writer, path, ReportJsonContext.Readable.PathReport);
                }
            }

            writer.WriteEndObject();
            if (entry.Data.TryGetValue("layer", out object? layer) && layer is LayerReport written)
            {
                writer.WritePropertyName("layer");
                JsonSerializer.Serialize(writer, written, ReportJsonContext.Readable.LayerReport);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
}
