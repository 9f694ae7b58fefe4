using Callytics.Paths.Database;

namespace Callytics.Paths.Fuzz;

/// <summary>
/// DATABASE_URL: <see cref="DatabaseUrl.TryParse(string?, string, out DatabaseUrl?, out string?)"/> never throws;
/// <see cref="DatabaseUrl.Parse(string, string)"/> throws only <see cref="FormatException"/>, exactly when TryParse
/// fails; <see cref="DatabaseUrl.Mask"/> never throws; nothing shown (masked URL, the URL's text, the error) depends on the password.
/// </summary>
internal static class DatabaseUrlTarget
{
    internal static void Run(string input)
    {
        bool parsed = DatabaseUrl.TryParse(input, "/work", out DatabaseUrl? url, out string? error);
        string masked = DatabaseUrl.Mask(input);
        bool parseThrew = false;
        try
        {
            _ = DatabaseUrl.Parse(input, "/work");
        }
        catch (FormatException exception)
        {
            parseThrew = true;
            ContractViolationException.Check(exception.Message == error, "Parse's message is TryParse's error");
        }

        ContractViolationException.Check(parsed != parseThrew, "Parse throws exactly when TryParse fails");
        ContractViolationException.Check(parsed ? url is not null && error is null : url is null && !string.IsNullOrWhiteSpace(error),
            "TryParse gives a URL or an error, never both or neither");
        // Nothing shown may depend on the password: with the password swapped for a plain token of the same length
        // (its control characters kept),
        // the masked URL, the URL's text and the error are the same. (Searching the output for the password instead
        // gives false alarms when the password happens to equal text the message holds anyway, such as "sqlite:///".)
        if (UrlParts.Split(input) is { Password: { } range } && range.GetOffsetAndLength(input.Length) is (int start, int length) && length > 0)
        {
            // Control characters stay: a URL holding one is refused wherever it is, and that refusal is right.
            string token = string.Concat(input.AsSpan(start, length).ToArray().Select(c => char.IsControl(c) ? c : 'p'));
            string other = string.Concat(input.AsSpan(0, start), token, input.AsSpan(start + length));
            bool otherParsed = DatabaseUrl.TryParse(other, "/work", out DatabaseUrl? otherUrl, out string? otherError);
            ContractViolationException.Check(otherParsed == parsed, $"the password does not decide whether the URL parses: {Quote(error)} vs {Quote(otherError)}");
            ContractViolationException.Check(DatabaseUrl.Mask(other) == masked, "the masked URL does not depend on the password");
            ContractViolationException.Check(otherUrl?.ToString() == url?.ToString(), "the URL's text does not depend on the password");
            ContractViolationException.Check(otherError == error, $"the error does not depend on the password: {Quote(error)} vs {Quote(otherError)}");
        }
    }

    private static string Quote(string? text) => System.Text.Json.JsonSerializer.Serialize(text);
}
