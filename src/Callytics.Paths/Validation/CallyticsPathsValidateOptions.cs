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

    /// <summary>The settings of a read-only run (<see cref="ForWarmUp"/>), or null for the start-up validation.</summary>
    private readonly PathValidationSettings? _readOnly;

    public CallyticsPathsValidateOptions(ILoggerFactory? loggerFactory = null, LayoutBaseline? baseline = null)
    {
        _logger = loggerFactory?.CreateLogger(Log.Category) ?? NullLogger.Instance;
        _baseline = baseline;
    }

    private CallyticsPathsValidateOptions(PathValidationSettings readOnly)
        : this(null, new LayoutBaseline())
    {
        _readOnly = readOnly;
    }

    /// <summary>
    /// The validation <see cref="StartupWarmUp"/> runs: the same code, but it creates no directory, writes no probe, logs
    /// nothing, records into a baseline of its own and fails nothing.
    /// </summary>
    internal static CallyticsPathsValidateOptions ForWarmUp() =>
        new(new PathValidationSettings { CreateMissingDirectories = false, WriteProbe = false });

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

        PathValidationResult result = CallyticsPathsValidator.Validate(options, _readOnly);
        foreach (PathFinding finding in result.Findings)
        {
            switch (finding.Severity)
            {
                case FindingSeverity.Error: Log.PathError(_logger, finding.Code, finding.Variable, finding.Message, finding.Fix); break;
                case FindingSeverity.Warning: Log.PathWarning(_logger, finding.Code, finding.Variable, finding.Message, finding.Fix); break;
                default: Log.PathInformation(_logger, finding.Code, finding.Variable, finding.Message); break;
            }
        }

        if (result.HasErrors && _readOnly is null)
        {
            throw new CallyticsPathsValidationException(result);
        }

        _baseline?.Record(result);
        if (_readOnly is null)
        {
            // The metrics' first readings: the validation just reached every path, so one statvfs each adds little,
            // and the first scrape after start has every series without waiting for a refresh.
            _baseline?.RecordReadings(Metrics.FilesystemReading.From(options, result));
        }

        return ValidateOptionsResult.Success;
    }
}
