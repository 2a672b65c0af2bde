using Microsoft.Data.Sqlite;

namespace PostTls.State;

/// <summary>
/// The SQLite database under data_directory. Only root-run commands open it (the directory is
/// root-only). Opening it applies pending <see cref="Migrations"/>; WAL mode lets readers (list,
/// stats) work while a sweep writes. Microsoft.Data.Sqlite already waits for a busy database
/// up to the command timeout.
/// </summary>
internal sealed class StateDatabase : IDisposable
{
    public const string FileName = "posttls.db";

    private StateDatabase(SqliteConnection connection)
    {
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    /// <summary>The transaction every command joins while one is open (Microsoft.Data.Sqlite requires that).</summary>
    private SqliteTransaction? Transaction { get; set; }

    /// <exception cref="StateException">The database cannot be opened or migrated.</exception>
    /// <param name="inMemory">For a dry run with no database yet: work on an empty one that is thrown away.</param>
    public static StateDatabase Open(string dataDirectory, bool inMemory = false)
    {
        var path = inMemory ? ":memory:" : Path.Combine(dataDirectory, FileName);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            if (!inMemory)
            {
                RestrictToOwner(path);
            }

            connection.Open();
            if (!inMemory)
            {
                WalFiles.KeepBetweenRuns(connection);
            }

            // journal_size_limit: with the files kept, a run's end truncates the -wal file to nothing instead.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA journal_size_limit = 4194304; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
            Migrate(connection);
            return new StateDatabase(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StateException($"cannot use the database {path}: {e.Message}");
        }
    }

    /// <summary>
    /// The database holds senders, recipients and subjects: mode 0600, whatever the umask.
    /// SQLite creates it 0644 and gives the -wal and -shm files the mode of the database, so
    /// the file is created (or corrected) before SQLite opens it.
    /// </summary>
    private static void RestrictToOwner(string path)
    {
        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
            {
            }

            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0)
                {
                    File.SetUnixFileMode(file, OwnerOnly);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"cannot use the database {path}: {e.Message}");
        }
    }

    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Where the database stands: the rows this connection has changed (total_changes()) and
    /// a counter of other connections' commits (PRAGMA data_version). Two equal readings mean
    /// nothing was written in between, so what was read before still holds.
    /// </summary>
    public (long Own, long Others) Changes()
    {
        using var command = Command("SELECT total_changes(), data_version FROM pragma_data_version");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>Starts a transaction that every command joins until it is committed, rolled back or disposed.</summary>
    public Scope BeginTransaction()
    {
        Transaction = Connection.BeginTransaction();
        return new Scope(this);
    }

    /// <summary>True while a transaction started by <see cref="BeginTransaction"/> is open (a dry run has one throughout).</summary>
    public bool InTransaction => Transaction is not null;

    public void Dispose() => Connection.Dispose();

    /// <summary>An open transaction; disposing it without <see cref="Commit"/> rolls back.</summary>
    internal sealed class Scope(StateDatabase database) : IDisposable
    {
        public void Commit() => database.Transaction?.Commit();

        public void Dispose()
        {
            database.Transaction?.Dispose();
            database.Transaction = null;
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Steps.Count)
        {
            throw new StateException($"the database has schema version {version}, newer than this posttls knows ({Migrations.Steps.Count}); was posttls downgraded?");
        }

        for (var step = version; step < Migrations.Steps.Count; step++)
        {
            Execute(connection, Migrations.Steps[step]);
            Execute(connection, $"PRAGMA user_version = {step + 1}");
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
