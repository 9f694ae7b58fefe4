using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Callytics.Paths.Cli.Output;
using Callytics.Paths.Interop;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Cli.Commands;

/// <summary><c>sessions sweep [--older-than 24h] [--dry-run] [--json]</c>: remove stale temp sessions.</summary>
internal static class SessionsCommand
{
    internal static Command Create(Invocation invocation)
    {
        var olderThan = new Option<string>("--older-than")
        {
            Description = "How long a session must have been idle: 90s, 30m, 24h, 7d, or hh:mm:ss. Default 24h.",
            DefaultValueFactory = _ => "24h",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would be removed; remove nothing." };
        var json = new Option<bool>("--json") { Description = "Print { dryRun, removed, bytesFreed, skipped, sessions: [ { path, pathBytes?, bytes, lastModified } ], skippedSessions: [ { path, pathBytes?, reason, bytesFreed } ] }." };
        var sweep = new Command("sweep", "Remove session_* directories under TEMP_DIR idle for longer than --older-than. Never follows a link, never leaves TEMP_DIR.")
        {
            olderThan, dryRun, json,
        };
        sweep.SetAction(result => Run(invocation, Duration(result.GetValue(olderThan)!), result.GetValue(dryRun), result.GetValue(json)));
        return new Command("sessions", "Temp sessions under TEMP_DIR.") { sweep };
    }

    /// <summary>Reads 90s, 30m, 24h, 7d or a TimeSpan; anything else is a usage error.</summary>
    internal static TimeSpan Duration(string text)
    {
        string value = text.Trim();
        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount) && amount >= 0)
        {
            TimeSpan? span = char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } parsed)
            {
                return parsed;
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out TimeSpan timeSpan) && timeSpan >= TimeSpan.Zero
            ? timeSpan
            : throw new UsageException($"--older-than '{text}' is not a duration such as 90s, 30m, 24h, 7d or 1.00:00:00.");
    }

    private static int Run(Invocation invocation, TimeSpan olderThan, bool dryRun, bool json)
    {
        Terminal terminal = invocation.Terminal;
        var sessions = new TempSessions(Options.Create(Layout.From(invocation)));
        TempSessionSweepResult result = sessions.Sweep(olderThan, dryRun);
        if (json)
        {
            var output = new SweepOutput(result.DryRun, result.Sessions.Count, result.BytesFreed, result.Skipped.Count,
                [.. result.Sessions.Select(s => new SweptOutputSession(FileName.Replaced(s.Path), BytesOf(s.Path), s.Bytes, s.LastModified))],
                [.. result.Skipped.Select(s => new SkippedOutputSession(FileName.Replaced(s.Path), BytesOf(s.Path), s.Reason, s.BytesFreed))]);
            terminal.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Readable.SweepOutput));
            return 0;
        }

        foreach (SweptTempSession session in result.Sessions)
        {
            terminal.Out.WriteLine($"{(dryRun ? "would remove" : "removed")} {FileName.Escape(session.Path)} ({Sizes.Human(session.Bytes)}, idle since {session.LastModified:u})");
        }

        foreach (SkippedTempSession session in result.Skipped)
        {
            terminal.Out.WriteLine($"left alone {FileName.Escape(session.Path)}: {FileName.Escape(session.Reason)}");
        }

        terminal.Out.WriteLine($"{(dryRun ? "Would remove" : "Removed")} {result.Sessions.Count} session{Plural(result.Sessions.Count)}, " +
            $"{Sizes.Human(result.BytesFreed)} {(dryRun ? "would be " : string.Empty)}freed" +
            $"{(result.Skipped.Count > 0 ? $"; {result.Skipped.Count} session_* entr{(result.Skipped.Count == 1 ? "y" : "ies")} left alone" : string.Empty)}.");
        return 0;
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";

    /// <summary>The exact bytes of a path whose name is not UTF-8, base64; null for any other.</summary>
    private static string? BytesOf(string path) => FileName.HasUndecodedBytes(path) ? Convert.ToBase64String(FileName.Encode(path)) : null;
}
