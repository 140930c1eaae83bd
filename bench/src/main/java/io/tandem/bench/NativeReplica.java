package io.tandem.bench;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MariaDB's own replica threads on the replica server, configured by file and position (no GTID),
 * as the seed's pair replicates today. The parallel mode is a server option of the replica
 * ({@link ReplicaKind#replicaArguments}).
 */
final class NativeReplica implements Replica {

    private static final Duration PROGRESS_PERIOD = Duration.ofSeconds(2);

    private final MariaDbServer replica;
    private final MariaDbServer source;

    NativeReplica(MariaDbServer replica, MariaDbServer source) {
        this.replica = replica;
        this.source = source;
    }

    @Override
    public void start(BinlogPosition from) {
        replica.execute("CHANGE MASTER TO MASTER_HOST='" + source.host() + "', MASTER_PORT=" + source.port()
                + ", MASTER_USER='root', MASTER_PASSWORD='', MASTER_LOG_FILE='" + from.file() + "', MASTER_LOG_POS="
                + from.position() + ", MASTER_USE_GTID=no, MASTER_CONNECT_RETRY=1", "START SLAVE");
    }

    /**
     * Waits with {@code MASTER_POS_WAIT}, which the server answers the moment the SQL thread (or, in
     * parallel mode, the in-order commit) has passed the position: no polling delay in the figure.
     */
    @Override
    public boolean awaitApplied(BinlogPosition end, Duration timeout, Progress progress) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = replica.connect();
                PreparedStatement wait = connection.prepareStatement("SELECT MASTER_POS_WAIT(?, ?, ?)")) {
            wait.setString(1, end.file());
            wait.setLong(2, end.position());
            while (System.nanoTime() < deadline) {
                wait.setDouble(3, PROGRESS_PERIOD.toMillis() / 1000.0);
                try (ResultSet row = wait.executeQuery()) {
                    row.next();
                    long result = row.getLong(1);
                    // -1: timed out; NULL: the SQL thread is not running (yet, or after an error).
                    if (!row.wasNull() && result >= 0) {
                        return true;
                    }
                    Map<String, String> status = status();
                    checkHealthy(status);
                    progress.report(applied(status));
                    if (row.wasNull()) {
                        Thread.sleep(10);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public BinlogPosition appliedPosition() {
        return applied(status());
    }

    private static BinlogPosition applied(Map<String, String> status) {
        String file = status.get("Relay_Master_Log_File");
        String position = status.get("Exec_Master_Log_Pos");
        return file == null || file.isEmpty() || position == null ? null
                : new BinlogPosition(file, Long.parseLong(position));
    }

    private void checkHealthy(Map<String, String> status) {
        String sqlError = status.getOrDefault("Last_SQL_Errno", "0");
        String ioError = status.getOrDefault("Last_IO_Errno", "0");
        if (!sqlError.equals("0") || !ioError.equals("0")) {
            throw new IllegalStateException(replica.name() + ": native replication stopped: SQL error " + sqlError
                    + " " + status.get("Last_SQL_Error") + "; IO error " + ioError + " " + status.get("Last_IO_Error"));
        }
    }

    /** SHOW SLAVE STATUS by column name; empty before CHANGE MASTER. */
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

    @Override
    public void close() {
        if (replica.isRunning()) {
            replica.execute("STOP SLAVE");
        }
    }
}
