using Callytics.Paths.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Callytics.Paths.Sample;

/// <summary>A received call, as stored.</summary>
public sealed record CallRecord(string Id, string FileName, int SampleRate, int Channels, int BitsPerSample, double DurationSeconds, DateTimeOffset ReceivedUtc);

/// <summary>The calls table in the SQLite database named by DATABASE_URL.</summary>
public sealed class CallStore
{
    private readonly string _connectionString;
    private readonly Lazy<bool> _schema;

    public CallStore(IOptions<CallyticsPaths> paths)
    {
        DatabaseUrl database = DatabaseUrl.Parse(paths.Value.DatabaseUrl);
        _connectionString = database.IsSqlite && database.SqliteConnectionString is { } connection
            ? connection
            : throw new InvalidOperationException($"The sample stores calls in SQLite; DATABASE_URL={database} is not a sqlite URL.");
        _schema = new Lazy<bool>(CreateSchema);
    }

    public async Task AddAsync(CallRecord call, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO calls (id, file_name, sample_rate, channels, bits_per_sample, duration_seconds, received_utc)
            VALUES ($id, $file, $rate, $channels, $bits, $duration, $received)
            """;
        insert.Parameters.AddWithValue("$id", call.Id);
        insert.Parameters.AddWithValue("$file", call.FileName);
        insert.Parameters.AddWithValue("$rate", call.SampleRate);
        insert.Parameters.AddWithValue("$channels", call.Channels);
        insert.Parameters.AddWithValue("$bits", call.BitsPerSample);
        insert.Parameters.AddWithValue("$duration", call.DurationSeconds);
        insert.Parameters.AddWithValue("$received", call.ReceivedUtc.ToString("O"));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<CallRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand select = connection.CreateCommand();
        select.CommandText = "SELECT id, file_name, sample_rate, channels, bits_per_sample, duration_seconds, received_utc FROM calls WHERE id = $id";
        select.Parameters.AddWithValue("$id", id);
        await using SqliteDataReader reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new CallRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetDouble(5),
                DateTimeOffset.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _ = _schema.Value;
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Creates the table on first use and switches the database to WAL. WAL lets GET /calls read while POST /calls
    /// writes, and survives a crash without a rollback journal; it keeps -wal and -shm files beside the database,
    /// which is why the database lives inside the mounted data directory (a single-file mount would leave them in
    /// the container layer) and never on a network filesystem (WAL needs shared memory on one host).
    /// </summary>
    private bool CreateSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS calls (
                id TEXT PRIMARY KEY,
                file_name TEXT NOT NULL,
                sample_rate INTEGER NOT NULL,
                channels INTEGER NOT NULL,
                bits_per_sample INTEGER NOT NULL,
                duration_seconds REAL NOT NULL,
                received_utc TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        return true;
    }
}
