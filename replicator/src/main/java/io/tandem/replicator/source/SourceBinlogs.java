package io.tandem.replicator.source;

import io.tandem.replicator.event.BinlogPosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binlog files a master had at one moment, with their sizes ({@code SHOW BINARY LOGS}): enough to
 * say where its binlog ends and how many bytes lie after any position, across file boundaries.
 *
 * @param files oldest first; the last one is being written
 * @param observedAt when the master was asked
 */
public record SourceBinlogs(List<LogFile> files, Instant observedAt) {

    /** One binlog file and its size in bytes, which is where its last event ends. */
    public record LogFile(String name, long size) {}

    public SourceBinlogs {
        files = List.copyOf(files);
    }

    /** Asks the master over {@code connection}. */
    public static SourceBinlogs read(Connection connection, Instant observedAt) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            List<LogFile> files = new ArrayList<>();
            while (rows.next()) {
                files.add(new LogFile(rows.getString(1), rows.getLong(2)));
            }
            if (files.isEmpty()) {
                throw new SQLException("SHOW BINARY LOGS returned nothing: binary logging (log_bin) is off");
            }
            return new SourceBinlogs(files, observedAt);
        }
    }

    /** Where the binlog ended: the end of the last event of the newest file. */
    public BinlogPosition end() {
        LogFile last = files.getLast();
        return new BinlogPosition(last.name(), last.size());
    }

    /**
     * Bytes of binlog after {@code position}: the rest of its file and every newer file. Null when its file is
     * not among {@link #files} (purged, or from another master), where no honest count exists; 0 when the
     * position is at or past the end.
     */
    public Long bytesAfter(BinlogPosition position) {
        long bytes = 0;
        boolean found = false;
        for (LogFile file : files) {
            if (found) {
                bytes += file.size();
            } else if (file.name().equals(position.file())) {
                found = true;
                bytes += Math.max(0, file.size() - position.position());
            }
        }
        return found ? bytes : null;
    }
}
