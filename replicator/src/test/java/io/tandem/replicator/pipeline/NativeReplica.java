package io.tandem.replicator.pipeline;

import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MariaDB's own replica threads on a test server, as the reference tandem is compared with: what a
 * native replica does with the same master, options and conflicts is what "as native" means.
 */
final class NativeReplica {

    private final MariaDbServer replica;
    private final MariaDbServer master;

    private NativeReplica(MariaDbServer replica, MariaDbServer master) {
        this.replica = replica;
        this.master = master;
    }

    /**
     * Starts {@code replica}'s SQL and IO threads on {@code master} from {@code file}:4, by file and
     * position (no GTID), after setting the dynamic replicate-* variables in {@code filters}
     * (for example {@code replicate_do_db -> "a"}; a comma separates entries, as SET GLOBAL parses them).
     */
    static NativeReplica start(MariaDbServer replica, MariaDbServer master, String file, Map<String, String> filters) {
        replica.execute("STOP SLAVE", "RESET SLAVE ALL");
        for (String variable : List.of("replicate_do_db", "replicate_ignore_db", "replicate_do_table",
                "replicate_ignore_table", "replicate_wild_do_table", "replicate_wild_ignore_table")) {
            replica.execute("SET GLOBAL " + variable + " = '" + filters.getOrDefault(variable, "") + "'");
        }
        replica.execute("CHANGE MASTER TO MASTER_HOST='" + master.host() + "', MASTER_PORT=" + master.port()
                        + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_LOG_FILE='" + file
                        + "', MASTER_LOG_POS=4, MASTER_USE_GTID=no, MASTER_CONNECT_RETRY=1",
                "START SLAVE");
        return new NativeReplica(replica, master);
    }

    static NativeReplica start(MariaDbServer replica, MariaDbServer master) {
        return start(replica, master, "mysql-bin.000001", Map.of());
    }

    MariaDbServer server() {
        return replica;
    }

    /** SHOW SLAVE STATUS by column name. */
    Map<String, String> status() {
        try (Connection connection = replica.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW SLAVE STATUS")) {
            Map<String, String> status = new LinkedHashMap<>();
            if (row.next()) {
                for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                    status.put(row.getMetaData().getColumnLabel(i), row.getString(i));
                }
            }
            return status;
        } catch (SQLException e) {
            throw new IllegalStateException(replica.name() + ": " + e.getMessage(), e);
        }
    }

    /** The SQL thread's last error number, 0 while it is healthy. */
    int lastSqlErrno() {
        return Integer.parseInt(status().getOrDefault("Last_SQL_Errno", "0"));
    }

    /**
     * Waits until the replica has executed everything the master has logged, or its SQL thread has
     * stopped on an error; returns that error number (0 when caught up).
     */
    int awaitDoneOrStopped(Duration timeout) {
        ChannelFixture.await(replica.name() + " replicates all of " + master.name() + " or stops", () -> {
            Map<String, String> status = status();
            if ("No".equals(status.get("Slave_SQL_Running"))) {
                return true;
            }
            List<String> end = master.queryRows("SHOW MASTER STATUS").get(0);
            return end.get(0).equals(status.get("Relay_Master_Log_File"))
                    && end.get(1).equals(status.get("Exec_Master_Log_Pos"));
        }, timeout, () -> status().toString());
        return lastSqlErrno();
    }

    void stop() {
        replica.execute("STOP SLAVE");
    }
}
