package io.tandem.replicator.config;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * The one place that says which errors from a server are worth retrying. Native replicas retry only
 * deadlocks and lock wait timeouts ({@code slave_transaction_retries}); tandem also talks to the
 * target over the network, so a lost connection is retried too, from the checkpoint, which commits
 * with the data and therefore tells exactly what the target has.
 *
 * <p>Not retried on purpose: 1317 ER_QUERY_INTERRUPTED (an operator's KILL QUERY is a decision, not
 * an accident), 1290 ER_OPTION_PREVENTS_STATEMENT (read_only on the target is a setup problem the
 * channel should report, not hide).
 */
public final class ServerErrors {

    /** How to retry after an error. */
    public enum Retry {
        /** Not retriable: the event's own failure, handled by the error policy. */
        NONE,
        /** Roll back and run the same transaction again on the same connection. */
        TRANSACTION,
        /** The connection is gone or unusable: open a new one and resume from the checkpoint. */
        RECONNECT
    }

    private record Known(String name, Retry retry) {}

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            // Conflicts inside the server: the transaction was rolled back and can simply run again.
            Map.entry(1205, new Known("ER_LOCK_WAIT_TIMEOUT", Retry.TRANSACTION)),
            Map.entry(1213, new Known("ER_LOCK_DEADLOCK", Retry.TRANSACTION)),
            Map.entry(1020, new Known("ER_CHECKREAD", Retry.TRANSACTION)), // record changed since last read (snapshot isolation)
            Map.entry(1637, new Known("ER_TOO_MANY_CONCURRENT_TRXS", Retry.TRANSACTION)),
            // The connection is lost or refused; whatever was not committed was rolled back by the server.
            Map.entry(1040, new Known("ER_CON_COUNT_ERROR", Retry.RECONNECT)), // too many connections
            Map.entry(1053, new Known("ER_SERVER_SHUTDOWN", Retry.RECONNECT)),
            Map.entry(1152, new Known("ER_ABORTING_CONNECTION", Retry.RECONNECT)),
            Map.entry(1158, new Known("ER_NET_READ_ERROR", Retry.RECONNECT)),
            Map.entry(1159, new Known("ER_NET_READ_INTERRUPTED", Retry.RECONNECT)),
            Map.entry(1160, new Known("ER_NET_ERROR_ON_WRITE", Retry.RECONNECT)),
            Map.entry(1161, new Known("ER_NET_WRITE_INTERRUPTED", Retry.RECONNECT)),
            Map.entry(1927, new Known("ER_CONNECTION_KILLED", Retry.RECONNECT)),
            Map.entry(4031, new Known("ER_CLIENT_INTERACTION_TIMEOUT", Retry.RECONNECT)), // MySQL 8 idle disconnect
            Map.entry(2002, new Known("CR_CONNECTION_ERROR", Retry.RECONNECT)),
            Map.entry(2003, new Known("CR_CONN_HOST_ERROR", Retry.RECONNECT)),
            Map.entry(2005, new Known("CR_UNKNOWN_HOST", Retry.RECONNECT)),
            Map.entry(2006, new Known("CR_SERVER_GONE_ERROR", Retry.RECONNECT)),
            Map.entry(2013, new Known("CR_SERVER_LOST", Retry.RECONNECT)),
            Map.entry(2055, new Known("CR_SERVER_LOST_EXTENDED", Retry.RECONNECT)),
            // Named for logs; never retried.
            Map.entry(1032, new Known("ER_KEY_NOT_FOUND", Retry.NONE)),
            Map.entry(1045, new Known("ER_ACCESS_DENIED_ERROR", Retry.NONE)),
            Map.entry(1062, new Known("ER_DUP_ENTRY", Retry.NONE)),
            Map.entry(1142, new Known("ER_TABLEACCESS_DENIED_ERROR", Retry.NONE)),
            Map.entry(1227, new Known("ER_SPECIFIC_ACCESS_DENIED_ERROR", Retry.NONE)),
            Map.entry(1236, new Known("ER_MASTER_FATAL_ERROR_READING_BINLOG", Retry.NONE)),
            Map.entry(1290, new Known("ER_OPTION_PREVENTS_STATEMENT", Retry.NONE)),
            Map.entry(1317, new Known("ER_QUERY_INTERRUPTED", Retry.NONE)),
            Map.entry(1950, new Known("ER_GTID_STRICT_OUT_OF_ORDER", Retry.NONE)),
            Map.entry(1007, new Known("ER_DB_CREATE_EXISTS", Retry.NONE)),
            Map.entry(1008, new Known("ER_DB_DROP_EXISTS", Retry.NONE)),
            Map.entry(1050, new Known("ER_TABLE_EXISTS_ERROR", Retry.NONE)),
            Map.entry(1051, new Known("ER_BAD_TABLE_ERROR", Retry.NONE)),
            Map.entry(1054, new Known("ER_BAD_FIELD_ERROR", Retry.NONE)),
            Map.entry(1060, new Known("ER_DUP_FIELDNAME", Retry.NONE)),
            Map.entry(1061, new Known("ER_DUP_KEYNAME", Retry.NONE)),
            Map.entry(1068, new Known("ER_MULTIPLE_PRI_KEY", Retry.NONE)),
            Map.entry(1094, new Known("ER_NO_SUCH_THREAD", Retry.NONE)),
            Map.entry(1146, new Known("ER_NO_SUCH_TABLE", Retry.NONE)));

    private ServerErrors() {}

    /** How an error with this server or client error code is retried. */
    public static Retry classify(int errorCode) {
        Known known = KNOWN.get(errorCode);
        return known == null ? Retry.NONE : known.retry();
    }

    /**
     * How a JDBC failure is retried. Besides the error code this looks at the SQLState, because the
     * driver reports a broken socket with code 0 and SQLState class 08 (connection exception), and at
     * the exception's type, and walks the chain of next exceptions.
     */
    public static Retry classify(SQLException failure) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            Retry byCode = classify(e.getErrorCode());
            if (byCode != Retry.NONE) {
                return byCode;
            }
            String state = e.getSQLState();
            // Connector/J 3.5 maps SQLState classes it does not know (3D, 44, ...) to
            // SQLTransientConnectionException, so the type alone would retry "No database selected" forever:
            // it counts only for client-side failures, which carry no server error code.
            boolean clientSideFailure = e.getErrorCode() == 0
                    && (e instanceof SQLTransientConnectionException || e instanceof SQLTimeoutException);
            if (clientSideFailure || (state != null && state.startsWith("08"))) {
                return Retry.RECONNECT;
            }
            if ("40001".equals(state)) { // serialization failure
                return Retry.TRANSACTION;
            }
        }
        return Retry.NONE;
    }

    public static boolean isRetriable(int errorCode) {
        return classify(errorCode) != Retry.NONE;
    }

    public static boolean isRetriable(SQLException failure) {
        return classify(failure) != Retry.NONE;
    }

    /** {@code 1213 ER_LOCK_DEADLOCK}, or {@code error 1234} for a code not listed here: for log lines. */
    public static String describe(int errorCode) {
        Known known = KNOWN.get(errorCode);
        return known == null ? "error " + errorCode : errorCode + " " + known.name();
    }
}
