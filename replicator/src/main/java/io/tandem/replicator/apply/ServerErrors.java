package io.tandem.replicator.apply;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** The one place that decides which target errors a retry from the checkpoint can cure. */
final class ServerErrors {

    static final int ER_DUP_ENTRY = 1062;
    static final int ER_KEY_NOT_FOUND = 1032;
    static final int ER_GTID_STRICT_OUT_OF_ORDER = 1950;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_SERVER_SHUTDOWN = 1053;
    private static final int ER_CONNECTION_KILLED = 1927;
    private static final int CR_SERVER_GONE_ERROR = 2006;
    private static final int CR_SERVER_LOST = 2013;
    private static final int ER_QUERY_INTERRUPTED = 1317;

    private ServerErrors() {}

    static boolean isRetriable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) { // connection exception class
            return true;
        }
        return switch (e.getErrorCode()) {
            case ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK, ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED, CR_SERVER_GONE_ERROR,
                    CR_SERVER_LOST, ER_QUERY_INTERRUPTED -> true;
            default -> false;
        };
    }
}
