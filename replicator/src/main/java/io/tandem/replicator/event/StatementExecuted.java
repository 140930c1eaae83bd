package io.tandem.replicator.event;

/**
 * A statement from a QUERY event (DDL, or DML logged as a statement under MIXED or STATEMENT format),
 * with the session context it ran in on the master.
 *
 * @param at where the QUERY event starts
 * @param sql the statement text, decoded with the event's client charset
 * @param context default database and session variables the statement needs to run the same way
 * @param endPosition the master's position after this event
 */
public record StatementExecuted(BinlogPosition at, String sql, StatementContext context, long endPosition)
        implements ChangeEvent {}
