package io.tandem.replicator.event;

/**
 * A statement from a QUERY event (DDL, or DML logged as a statement under MIXED or STATEMENT format),
 * with the session context it ran in on the master.
 *
 * @param at where the QUERY event starts
 * @param sql the statement text, decoded with the event's client charset
 * @param context default database and session variables the statement needs to run the same way
 * @param endPosition the master's position after this event
 * @param clientBytes the statement exactly as the master's client sent it, when {@code sql} sent as UTF-8
 *     would run differently: a client charset other than UTF-8 and bytes beyond ASCII. Introducers
 *     ({@code _latin1'é'}, {@code _binary'é'}) take the client's bytes as they are, so only those bytes
 *     reproduce them. Null when {@code sql} is exact.
 */
public record StatementExecuted(
        BinlogPosition at, String sql, StatementContext context, long endPosition, byte[] clientBytes)
        implements ChangeEvent {

    /** A statement whose text, sent as UTF-8, runs as it ran on the master. */
    public StatementExecuted(BinlogPosition at, String sql, StatementContext context, long endPosition) {
        this(at, sql, context, endPosition, null);
    }
}
