package io.tandem.replicator.checkpoint;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;

/**
 * An event the channel did not apply because a rule said so ({@code slave-skip-errors}, idempotent mode,
 * a GTID the target already had). Each one is stored on the target in the same transaction as the
 * rest of its group, so the record and the data never disagree after a crash.
 *
 * @param channel the channel
 * @param at where the event starts in the source binlog
 * @param gtid the group's GTID, or null
 * @param rule the rule that decided: {@code slave-skip-errors}, {@code idempotent}, {@code gtid-already-applied}
 * @param errorCode the server error the event got, or 0
 * @param errorMessage the server's message, or a description
 * @param statement the statement or a description of the row change (at most 64 KiB kept)
 */
public record SkippedEvent(
        String channel, BinlogPosition at, Gtid gtid, String rule, int errorCode, String errorMessage,
        String statement) {}
