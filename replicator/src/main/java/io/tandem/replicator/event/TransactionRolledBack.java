package io.tandem.replicator.event;

/**
 * A group that ends in a {@code ROLLBACK} query (MariaDB logs these when a transaction that touched a
 * non-transactional table rolls back).
 */
public record TransactionRolledBack(BinlogPosition at, BinlogPosition end) implements ChangeEvent {}
