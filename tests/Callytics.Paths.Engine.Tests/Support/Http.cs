using System.Net.Http.Headers;

namespace Callytics.Paths.Engine.Tests.Support;

/// <summary>The tests' requests to the services, on 127.0.0.1 only.</summary>
public static class Http
{
    // No connection is kept: Docker gives a new container a host port an old one had, and a POST sent on a kept
    // connection to a proxy that is gone fails ("the response ended prematurely"), where a GET would be retried.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(20),
        DefaultRequestHeaders = { ConnectionClose = true },
    };

    /// <summary>Waits until <c>GET path</c> on <paramref name="service"/> answers 200, failing with <paramref name="logs"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAnsweringAsync(Uri service, string path, Func<string> logs, TimeSpan? timeout = null, Func<bool>? gone = null)
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < end && gone?.Invoke() != true)
        {
            try
            {
                using HttpResponseMessage response = await Client.GetAsync(new Uri(service, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{service} did not answer GET {path}:\n{logs()}");
    }

    /// <summary>The body of <c>GET path</c> on <paramref name="service"/>.</summary>
    public static Task<string> GetStringAsync(Uri service, string path) => Client.GetStringAsync(new Uri(service, path));

    /// <summary>POSTs <paramref name="wav"/> to /calls as a raw body, or as multipart form data with one file.</summary>
    public static async Task<(int Status, string Body)> PostCallAsync(Uri service, byte[] wav, bool multipart = false)
    {
        using HttpContent content = multipart ? new MultipartFormDataContent { { new ByteArrayContent(wav), "audio", "call.wav" } } : new ByteArrayContent(wav);
        if (!multipart)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        }

        using HttpResponseMessage response = await Client.PostAsync(new Uri(service, "/calls"), content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
