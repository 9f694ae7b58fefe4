using System.Text;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Validation;

/// <summary>
/// Thrown at start-up (or on the first <c>IOptions&lt;CallyticsPaths&gt;.Value</c>) when the layout has errors.
/// <see cref="OptionsValidationException.Failures"/> holds one line per error; <see cref="Exception.Message"/> lists them all.
/// </summary>
public sealed class CallyticsPathsValidationException : OptionsValidationException
{
    /// <summary>Initializes the exception from a validation result that has errors.</summary>
    /// <param name="result">The result; its errors become <see cref="OptionsValidationException.Failures"/>.</param>
    public CallyticsPathsValidationException(PathValidationResult result)
        : base(Options.DefaultName, typeof(CallyticsPaths), (result ?? throw new ArgumentNullException(nameof(result))).Errors.Select(e => e.ToString()))
    {
        Result = result;
    }

    /// <summary>Gets the whole validation result: the errors and also the warnings and information.</summary>
    public PathValidationResult Result { get; }

    /// <summary>Gets a message naming every error, one per line, each with its variable, path and fix.</summary>
    public override string Message
    {
        get
        {
            int count = Failures.Count();
            var text = new StringBuilder($"The Callytics directory layout has {count} problem{(count == 1 ? string.Empty : "s")}; the service cannot start safely:");
            foreach (string failure in Failures)
            {
                text.AppendLine().Append("  - ").Append(failure);
            }

            return text.ToString();
        }
    }
}
