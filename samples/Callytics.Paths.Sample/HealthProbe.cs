namespace Callytics.Paths.Sample;

/// <summary>
/// <c>dotnet Callytics.Paths.Sample.dll --healthcheck</c>: asks the running sample's <c>/healthz</c> on this container's
/// loopback, for a Docker HEALTHCHECK in an image without curl or wget.
/// </summary>
public static class HealthProbe
{
    /// <summary>Asks <c>/healthz</c> on the port of the first of <paramref name="urls"/> (ASPNETCORE_URLS; 8080 when unset).</summary>
    /// <returns>0 when it answers 200 (Healthy or Degraded), 1 otherwise, with the reason on stderr.</returns>
    public static async Task<int> RunAsync(string? urls)
    {
        int port = 8080;
        if (urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first
            && first.LastIndexOf(':') is > 0 and int colon
            && int.TryParse(first.AsSpan(colon + 1).TrimEnd('/'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int given))
        {
            port = given;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            string body = await response.Content.ReadAsStringAsync();
            await Console.Out.WriteLineAsync($"{(int)response.StatusCode} {body}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"GET http://127.0.0.1:{port}/healthz failed: {exception.Message}");
            return 1;
        }
    }
}
