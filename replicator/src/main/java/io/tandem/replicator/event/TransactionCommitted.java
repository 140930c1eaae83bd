package io.tandem.replicator.event;

import java.time.Instant;

/**
 * The end of an event group: an XID event, a {@code COMMIT} query, or the implicit end of a standalone
 * statement. {@code end} is the checkpoint a restart resumes from.
 *
 * @param at where the committing event starts
 * @param end the master's position right after the group
 * @param sourceCommitTime the master's timestamp of the committing event
 */
public record TransactionCommitted(BinlogPosition at, BinlogPosition end, Instant sourceCommitTime)
        implements ChangeEvent {}
