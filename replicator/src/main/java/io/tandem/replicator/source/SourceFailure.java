package io.tandem.replicator.source;

import io.tandem.replicator.event.BinlogPosition;

/**
 * Why a source session ended.
 *
 * @param retriable true when reconnecting from the checkpoint may succeed (network cut, server restart,
 *     dead link); false when it cannot (undecodable event, purged binlog, INCIDENT), and the channel stops
 * @param message what happened, for the operator
 * @param at the binlog position it happened at, or null when not known
 * @param cause the underlying exception, or null
 */
public record SourceFailure(boolean retriable, String message, BinlogPosition at, Throwable cause) {

    public static SourceFailure retriable(String message, BinlogPosition at, Throwable cause) {
        return new SourceFailure(true, message, at, cause);
    }

    public static SourceFailure fatal(String message, BinlogPosition at, Throwable cause) {
        return new SourceFailure(false, message, at, cause);
    }
}
