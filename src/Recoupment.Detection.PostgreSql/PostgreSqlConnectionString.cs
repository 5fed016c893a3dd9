using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// Connection strings as users write them: Npgsql keywords (<c>Host=db;Port=5432;Username=recoup;Database=recoup</c>)
/// or a libpq URI (<c>postgresql://recoup:secret@db:5432/recoup?sslmode=require</c>). What is said about a
/// connection string (<see cref="Describe"/>, exception messages) names the server and the database, never the password.
/// </summary>
public static partial class PostgreSqlConnectionString
{
    // "Keyword=value" at the start: a connection string, not a file name (a file called "a=b.db" is written "./a=b.db").
    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z ]*\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex KeywordStart();

    /// <summary>True when <paramref name="value"/> is meant as a PostgreSQL connection string (a URI or keywords) rather than a file path.</summary>
    public static bool IsConnectionString(string? value) =>
        value is not null && (IsUri(value) || KeywordStart().IsMatch(value));

    /// <summary>Parses keywords or a <c>postgresql://</c> (or <c>postgres://</c>) URI into Npgsql's builder.</summary>
    /// <exception cref="ArgumentException">Not a valid connection string; the message never quotes a password.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        try
        {
            var builder = IsUri(value) ? FromUri(value) : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host)) throw new ArgumentException("it names no host (Host=...)");
            if (string.IsNullOrEmpty(builder.Database)) throw new ArgumentException("it names no database (Database=...)");
            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or UriFormatException or OverflowException)
        {
            throw new ArgumentException($"Not a valid PostgreSQL connection string: {Scrub(e.Message, value)}.", nameof(value), e);
        }
    }

    /// <summary>The server and database of a connection string, for messages: <c>host 127.0.0.1:5432, database recoup, user recoup</c>.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var user = string.IsNullOrEmpty(builder.Username) ? "" : $", user {builder.Username}";
        return string.Create(CultureInfo.InvariantCulture, $"host {builder.Host}:{builder.Port}, database {builder.Database}{user}");
    }

    /// <summary>The connection string as a URI without its password (<c>postgresql://user@host:port/database</c>), for summaries.</summary>
    public static string Redacted(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var host = builder.Host is { } h && h.Contains(':', StringComparison.Ordinal) && !h.StartsWith('[') ? $"[{h}]" : builder.Host;
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "")}");
    }

    private static bool IsUri(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>libpq's URI form: <c>postgresql://[user[:password]@][host][:port][/dbname][?param=value&amp;...]</c>.</summary>
    private static NpgsqlConnectionStringBuilder FromUri(string value)
    {
        var uri = new Uri(value, UriKind.Absolute);
        var builder = new NpgsqlConnectionStringBuilder();
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        if (uri.Host.Length > 0) builder.Host = uri.Host.Trim('[', ']');
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = Uri.UnescapeDataString(equals < 0 ? "" : pair[(equals + 1)..]);
            builder[UriParameter(name)] = parameter;
        }
        return builder;
    }

    /// <summary>The Npgsql keyword of a libpq URI parameter.</summary>
    private static string UriParameter(string name) => name.ToLowerInvariant() switch
    {
        "host" => "Host",
        "port" => "Port",
        "dbname" => "Database",
        "user" => "Username",
        "password" => "Password",
        "sslmode" => "SSL Mode",
        "application_name" => "Application Name",
        "connect_timeout" => "Timeout",
        "options" => "Options",
        "target_session_attrs" => "Target Session Attributes",
        _ => throw new ArgumentException($"the URI parameter '{name}' is not supported (host, port, dbname, user, password, sslmode, application_name, connect_timeout, options, target_session_attrs)"),
    };

    /// <summary>Removes the password from a message, should a parser have quoted it.</summary>
    internal static string Scrub(string message, string connectionString)
    {
        foreach (Match m in PasswordValue().Matches(connectionString))
        {
            var secret = m.Groups["secret"].Value;
            if (secret.Length > 0) message = message.Replace(secret, "***", StringComparison.Ordinal);
        }
        return message.TrimEnd('.');
    }

    // Password=...; in keywords, or user:password@ in a URI.
    [GeneratedRegex(@"(?:(?:^|;)\s*(?:password|pwd)\s*=\s*(?<secret>[^;]*))|(?:://[^:/@]*:(?<secret>[^@/]*)@)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordValue();
}

/// <summary>
/// The PostgreSQL server of a ledger could not be reached, or refused the connection (wrong password, missing
/// database, no permission). The message names the host, port, database and user, never the password.
/// </summary>
public sealed class PostgreSqlLedgerConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgreSqlLedgerConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PostgreSqlLedgerConnectionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public PostgreSqlLedgerConnectionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    internal PostgreSqlLedgerConnectionException(NpgsqlConnectionStringBuilder builder, string reason, Exception innerException)
        : base($"Cannot connect to the PostgreSQL ledger at {PostgreSqlConnectionString.Describe(builder)}: {reason}", innerException)
    {
        Host = builder.Host;
        Port = builder.Port;
        Database = builder.Database;
    }

    /// <summary>The host of the connection string.</summary>
    public string? Host { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The database.</summary>
    public string? Database { get; }
}
