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

    /// <summary>Commits everything done in this unit.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
