using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PostTls.State;

/// <summary>
/// The -wal and -shm files stay between runs (SQLITE_FCNTL_PERSIST_WAL). Otherwise the last
/// connection to close deletes both, and every sweep, once a minute, creates two files and
/// deletes them again: creating the two inodes was a twentieth of a steady sweep's CPU. They
/// are created 0600 in the root-only data directory, as before (StateDatabase.RestrictToOwner).
/// Called directly because SQLitePCLRaw has no binding for sqlite3_file_control; the native
/// build links SQLite in, the others load the bundle's e_sqlite3.
/// </summary>
internal static partial class WalFiles
{
    private const int PersistWal = 10; // SQLITE_FCNTL_PERSIST_WAL

    /// <exception cref="SqliteException">SQLite refused.</exception>
    public static unsafe void KeepBetweenRuns(SqliteConnection connection)
    {
        var on = 1;
        var status = sqlite3_file_control(connection.Handle!.DangerousGetHandle(), "main", PersistWal, &on);
        if (status != 0)
        {
            throw new SqliteException($"cannot keep the WAL files (SQLITE_FCNTL_PERSIST_WAL): SQLite error {status}", status);
        }
    }

    [LibraryImport("e_sqlite3", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int sqlite3_file_control(IntPtr database, string name, int operation, int* argument);
}
