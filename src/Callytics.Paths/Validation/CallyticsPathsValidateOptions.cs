using Callytics.Paths.Database;
using Callytics.Paths.Health;
using Callytics.Paths.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Validation;

/// <summary>
/// The start-up validation: runs <see cref="CallyticsPathsValidator"/>, logs the layout (Information), each warning
/// (Warning) and each error (Error), then throws <see cref="CallyticsPathsValidationException"/> when there is an error.
/// </summary>
internal sealed class CallyticsPathsValidateOptions : IValidateOptions<CallyticsPaths>
{
    private readonly ILogger _logger;
    private readonly LayoutBaseline? _baseline;

    public CallyticsPathsValidateOptions(ILoggerFactory? loggerFactory = null, LayoutBaseline? baseline = null)
    {
        _logger = loggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _baseline = baseline;
    }

    public ValidateOptionsResult Validate(string? name, CallyticsPaths options)
    {
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            // Every value as shown anywhere else: a URL pasted into a directory variable has its password masked too,
            // and control characters cannot forge log lines.
            string[] shown = [.. new[] { options.AudioDir, options.TempDir, options.LogDir, options.DataDir, options.ConfigDir, options.CacheDir,
                options.DatabaseUrl }.Select(DisplayText.OfSetting)];
            Log.LayoutResolved(_logger, shown[0], shown[1], shown[2], shown[3], shown[4], shown[5], shown[6]);
        }

        PathValidationResult result = CallyticsPathsValidator.Validate(options);
        foreach (PathFinding finding in result.Findings)
        {
            switch (finding.Severity)
            {
                case FindingSeverity.Error: Log.PathError(_logger, finding.Code, finding.Variable, finding.Message, finding.Fix); break;
                case FindingSeverity.Warning: Log.PathWarning(_logger, finding.Code, finding.Variable, finding.Message, finding.Fix); break;
                default: Log.PathInformation(_logger, finding.Code, finding.Variable, finding.Message); break;
            }
        }

        if (result.HasErrors)
        {
            throw new CallyticsPathsValidationException(result);
        }

        // What the health check compares against, and the metrics' first readings: the validation just reached every
        // path, so one statvfs each adds little, and the first scrape after start has every series without waiting.
        _baseline?.Record(result);
        _baseline?.RecordReadings(Metrics.FilesystemReading.From(options, result));

        return ValidateOptionsResult.Success;
    }
}
