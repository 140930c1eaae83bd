package io.tandem.replicator.event;

import java.time.Instant;

/**
 * The start of an event group: MariaDB's GTID event, or a {@code BEGIN} query.
 *
 * @param at where the group starts
 * @param originServerId server id in the event header: the master that first executed the transaction
 * @param gtid the group's GTID, or null when the master logs none
 * @param standalone true for a group of one statement without XID (DDL on MariaDB: {@code FL_STANDALONE})
 * @param commitId MariaDB group-commit id (parallel-apply hint), or 0 when absent
 * @param sourceTime the event's header timestamp on the master
 */
public record TransactionStarted(
        BinlogPosition at, long originServerId, Gtid gtid, boolean standalone, long commitId, Instant sourceTime)
        implements ChangeEvent {}
