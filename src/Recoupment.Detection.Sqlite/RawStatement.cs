using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Recoupment.Detection.Sqlite;

/// <summary>Dates as the ledger writes them: <c>yyyy-MM-dd</c>, in UTF-8 (this is on the path of every claim).</summary>
internal static class IsoDate
{
    /// <summary>Writes the date into <paramref name="destination"/> (at least 10 bytes); returns 10.</summary>
    public static int Format(DateOnly date, Span<byte> destination)
    {
        var year = date.Year;
        if (year > 9999 || destination.Length < 10)
        {
            throw new ArgumentOutOfRangeException(nameof(date));
        }
        destination[0] = (byte)('0' + year / 1000);
        destination[1] = (byte)('0' + year / 100 % 10);
        destination[2] = (byte)('0' + year / 10 % 10);
        destination[3] = (byte)('0' + year % 10);
        destination[4] = (byte)'-';
        destination[5] = (byte)('0' + date.Month / 10);
        destination[6] = (byte)('0' + date.Month % 10);
        destination[7] = (byte)'-';
        destination[8] = (byte)('0' + date.Day / 10);
        destination[9] = (byte)('0' + date.Day % 10);
        return 10;
    }
}

/// <summary>
/// A statement prepared once on the connection's own SQLite handle, for the hot inserts (claims, events): values are
/// bound by position straight from UTF-8 (strings, money and dates are formatted into one reused buffer), with none
/// of the per-parameter name lookups, boxing and allocations of <see cref="SqliteCommand"/>. Measured: binding was
/// most of the cost of writing a claim through <see cref="SqliteCommand"/>. Parameters are numbered from 1.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _buffer = new byte[512];

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Null(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    public void Int64(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Int64(int index, long? value)
    {
        if (value is { } v) Int64(index, v);
        else Null(index);
    }

    public void Bool(int index, bool value) => Int64(index, value ? 1 : 0);

    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Null(index);
            return;
        }
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_buffer.Length < max) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        var length = Encoding.UTF8.GetBytes(value, _buffer);
        Utf8(index, _buffer.AsSpan(0, length));
    }

    /// <summary>Binds a BLOB (SQLite copies it).</summary>
    public void Blob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds UTF-8 text (SQLite copies it: the span may be reused at once).</summary>
    public void Utf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    public void Money(int index, decimal value)
    {
        // The invariant decimal with its scale, as SqliteValues.Money writes it.
        if (!value.TryFormat(_buffer, out var written, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("Money did not format.");
        Utf8(index, _buffer.AsSpan(0, written));
    }

    public void Money(int index, decimal? value)
    {
        if (value is { } v) Money(index, v);
        else Null(index);
    }

    public void Date(int index, DateOnly? value)
    {
        if (value is not { } v)
        {
            Null(index);
            return;
        }
        Utf8(index, _buffer.AsSpan(0, IsoDate.Format(v, _buffer)));
    }

    /// <summary>Runs the statement (an INSERT or UPDATE) and resets it for the next values.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
