package io.tandem.replicator.event;

/**
 * One item of a channel's stream, in binlog order, as the source publishes it into the ring. Library
 * types never cross this boundary. A transaction is {@link TransactionStarted}, then any number of
 * {@link RowsChanged} and {@link StatementExecuted}, then {@link TransactionCommitted} or
 * {@link TransactionRolledBack}.
 */
public sealed interface ChangeEvent
        permits TransactionStarted, RowsChanged, StatementExecuted, TransactionCommitted, TransactionRolledBack,
                SourceHeartbeat {

    /** Where the event starts in the master's binlog. */
    BinlogPosition at();
}
