using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// A command prepared once per connection and executed many times: parameters are created once (<c>$p0</c>,
/// <c>$p1</c>, ...) and only their values change. Values are bound as the ledger stores them: money as invariant
/// decimal text with its scale, dates as <c>yyyy-MM-dd</c>, booleans and enums as integers.
/// </summary>
internal sealed class PreparedCommand : IDisposable
{
    private readonly SqliteParameter[] _parameters;

    public PreparedCommand(SqliteConnection connection, string sql, int parameterCount)
    {
        Command = connection.CreateCommand();
        Command.CommandText = sql;
        _parameters = new SqliteParameter[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            _parameters[i] = Command.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
            _parameters[i].Value = DBNull.Value;
        }
        Command.Prepare();
    }

    public SqliteCommand Command { get; }

    public int ParameterCount => _parameters.Length;

    public void Set(int index, string? value)
    {
        var p = _parameters[index];
        p.SqliteType = SqliteType.Text;
        p.Value = (object?)value ?? DBNull.Value;
    }

    public void Set(int index, long value)
    {
        var p = _parameters[index];
        p.SqliteType = SqliteType.Integer;
        p.Value = value;
    }

    public void Set(int index, long? value)
    {
        if (value is { } v) Set(index, v);
        else Set(index, (string?)null);
    }

    public void Set(int index, bool value) => Set(index, value ? 1L : 0L);

    public void Set(int index, decimal value) => Set(index, SqliteValues.Money(value));

    public void Set(int index, decimal? value) => Set(index, value is { } v ? SqliteValues.Money(v) : null);

    public void Set(int index, DateOnly? value) => Set(index, value is { } v ? SqliteValues.Date(v) : null);

    public int Execute() => Command.ExecuteNonQuery();

    public SqliteDataReader Query() => Command.ExecuteReader();

    public object? Scalar() => Command.ExecuteScalar();

    public void Dispose() => Command.Dispose();
}

/// <summary>How the ledger writes and reads values.</summary>
internal static class SqliteValues
{
    public static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static decimal Money(SqliteDataReader reader, int ordinal) => decimal.Parse(reader.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal? MoneyOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Money(reader, ordinal);

    public static DateOnly? DateOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Date(SqliteDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? StringOrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64OrNull(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
