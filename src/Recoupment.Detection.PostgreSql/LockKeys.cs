namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// The advisory locks of a ledger. Two-key locks <c>(namespace, object)</c>: the namespace is a hash of the schema name,
/// so two ledgers in one database never wait for each other; the object is a partition id (1 and up) or one of the
/// constants below. Remittance locks use the one-key (64-bit) form, a hash of the schema and the document id; the two
/// forms never conflict with each other.
/// </summary>
internal static class LockKeys
{
    /// <summary>Migrations (transaction lock).</summary>
    public const int Migration = -1;

    /// <summary>
    /// A run: held shared (session lock) by every writer between its first remittance and its next
    /// <c>BeginTransaction</c>; taken exclusively (transaction lock) by <c>BeginTransaction</c>, which so waits until no
    /// other writer is in the middle of a run.
    /// </summary>
    public const int Run = -2;

    /// <summary>The order of events (transaction lock, taken just before a commit writes its events): events are numbered in commit order.</summary>
    public const int EventOrder = -3;

    /// <summary>The namespace of a schema's locks.</summary>
    public static int Namespace(string schema) => unchecked((int)Hash(schema) ^ (int)(Hash(schema) >> 32));

    /// <summary>The lock of one remittance, while one writer checks and processes it.</summary>
    public static long Document(string schema, string documentId) => unchecked((long)Hash(schema + "\u0000" + documentId));

    /// <summary>FNV-1a over the UTF-16 code units (stable across processes and versions: other writers must agree).</summary>
    private static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
