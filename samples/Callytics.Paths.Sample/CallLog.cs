using System.Globalization;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Sample;

/// <summary>Appends one line per received call to LOG_DIR/calls.log.</summary>
public sealed class CallLog(IOptions<CallyticsPaths> paths) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task AppendAsync(CallRecord call, CancellationToken cancellationToken)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{call.ReceivedUtc:O} call {call.Id} {call.FileName} {call.DurationSeconds}s {call.SampleRate}Hz {call.Channels}ch{Environment.NewLine}");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await File.AppendAllTextAsync(Path.Combine(paths.Value.LogDir, "calls.log"), line, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
