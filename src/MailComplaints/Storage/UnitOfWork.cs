using System.Data.Common;

namespace MailComplaints.Storage;

/// <summary>One connection with one open transaction: the state change and the mail it causes commit together.</summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    internal UnitOfWork(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every statement of this unit runs in.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>Marks a point this unit can roll back to without losing what came before (SAVEPOINT / SAVE TRANSACTION).</summary>
    public Task SaveAsync(string savepoint, CancellationToken cancellationToken) => Transaction.SupportsSavepoints
        ? Transaction.SaveAsync(savepoint, cancellationToken)
        : ExecuteAsync($"SAVE TRANSACTION {savepoint}", cancellationToken);

    /// <summary>Undoes everything done since <see cref="SaveAsync"/> marked <paramref name="savepoint"/>.</summary>
    public Task RollbackToAsync(string savepoint, CancellationToken cancellationToken) => Transaction.SupportsSavepoints
        ? Transaction.RollbackAsync(savepoint, cancellationToken)
        : ExecuteAsync($"ROLLBACK TRANSACTION {savepoint}", cancellationToken);

    /// <summary>Commits everything done in this unit.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
