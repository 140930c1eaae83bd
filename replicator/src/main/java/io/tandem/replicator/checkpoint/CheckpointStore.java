package io.tandem.replicator.checkpoint;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * tandem's metadata on a target server: one checkpoint row per channel, and the log of skipped events.
 *
 * <p>Crash safety rests on one rule: the applier updates the checkpoint row inside the same target
 * transaction as the changes it describes, so after any crash the row and the data agree (binlog
 * notes 3). The row is also the marker that the marker loop prevention looks for: it is written first
 * in each applied transaction when that strategy is on.
 *
 * <p>The tables live in their own schema ({@code tandem} by default), which every channel excludes from
 * replication. Its DDL runs with that schema as the default database, so that filters on the other
 * side recognise it too.
 */
public final class CheckpointStore {

    private final String schema;
    private final String checkpointTable;
    private final String skippedTable;

    public CheckpointStore(String schema) {
        this.schema = schema;
        this.checkpointTable = new TableId(schema, "checkpoint").quoted();
        this.skippedTable = new TableId(schema, "skipped").quoted();
    }

    public String schema() {
        return schema;
    }

    public TableId checkpointTableId() {
        return new TableId(schema, "checkpoint");
    }

    /**
     * An empty schema the applier makes current for statements the master ran with no default database:
     * a JDBC session cannot return to "no database" once it has used one.
     */
    public String neutralSchema() {
        return schema + "_nodb";
    }

    /** Column ordinal of {@code channel} in the checkpoint table, for reading marker rows. */
    public static final int CHANNEL_COLUMN = 0;
    /** Column ordinal of {@code origin_server_id} in the checkpoint table, for reading marker rows. */
    public static final int ORIGIN_SERVER_ID_COLUMN = 6;
    /**
     * Column ordinal of {@code statement_thread_id}: not 0 in an announcement, the marker an applier
     * commits right before a standalone statement (see {@link AnnouncedStatements}). Older tables lack it.
     */
    public static final int STATEMENT_THREAD_ID_COLUMN = 11;

    /**
     * Columns added after the first release, created by {@link #prepare} on older tables. Each marker
     * bumps {@code marker_sequence}, so that the marker's UPDATE always changes the row: an UPDATE that
     * changes nothing is not binlogged at all, and an applied transaction would then lose its marker.
     */
    private static final List<String> ADDED_COLUMNS = List.of(
            "marker_sequence BIGINT UNSIGNED NOT NULL DEFAULT 0",
            "statement_thread_id BIGINT UNSIGNED NOT NULL DEFAULT 0",
            "announced_statements TEXT NULL");

    /**
     * Creates the schema and tables if missing, and the channel's row. Autocommit; safe to repeat.
     *
     * <p>It asks information_schema first and runs DDL only for what is missing: CREATE ... IF NOT EXISTS
     * is binlogged even when nothing is created, and a channel that starts (or refuses to start, for
     * example from a purged checkpoint) must not write to the target's binlog, which the reverse channel
     * and any native replica of the target read.
     */
    public void prepare(Connection connection, String channel, long sourceServerId) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            Set<String> schemas = existing(connection, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
                    + " WHERE SCHEMA_NAME IN (?, ?)", schema, neutralSchema());
            if (!schemas.contains(schema)) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(schema));
            }
            statement.execute("USE " + TableId.quote(schema));
            if (!schemas.contains(neutralSchema())) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + TableId.quote(neutralSchema()));
            }
            Set<String> tables = existing(connection, "SELECT TABLE_NAME FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?, ?)", schema, "checkpoint", "skipped");
            if (!tables.contains("checkpoint")) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + checkpointTable + " ("
                        + "channel VARCHAR(64) NOT NULL PRIMARY KEY,"
                        + "source_server_id INT UNSIGNED NOT NULL,"
                        + "binlog_file VARCHAR(512) NULL,"
                        + "binlog_position BIGINT UNSIGNED NULL,"
                        + "gtid_position TEXT NULL,"
                        + "last_gtid VARCHAR(80) NULL,"
                        + "origin_server_id INT UNSIGNED NOT NULL DEFAULT 0,"
                        + "source_commit_time DATETIME(6) NULL,"
                        + "applied_at DATETIME(6) NULL,"
                        + "transactions BIGINT UNSIGNED NOT NULL DEFAULT 0,"
                        + String.join(",", ADDED_COLUMNS)
                        + ") ENGINE=InnoDB COMMENT='tandem replicator checkpoints: one row per channel'");
            } else {
                Set<String> columns = existing(connection, "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", schema, "checkpoint");
                for (String column : ADDED_COLUMNS) {
                    if (!columns.contains(column.substring(0, column.indexOf(' ')))) {
                        statement.execute("ALTER TABLE " + checkpointTable + " ADD COLUMN IF NOT EXISTS " + column);
                    }
                }
            }
            if (!tables.contains("skipped")) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + skippedTable + " ("
                        + "id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + "channel VARCHAR(64) NOT NULL,"
                        + "binlog_file VARCHAR(512) NOT NULL,"
                        + "binlog_position BIGINT UNSIGNED NOT NULL,"
                        + "gtid VARCHAR(80) NULL,"
                        + "rule VARCHAR(64) NOT NULL,"
                        + "error_code INT NOT NULL,"
                        + "error_message TEXT NOT NULL,"
                        + "statement MEDIUMTEXT NULL,"
                        + "skipped_at DATETIME(6) NOT NULL,"
                        + "KEY by_channel (channel, id)"
                        + ") ENGINE=InnoDB COMMENT='tandem replicator: every event skipped by a rule'");
            }
            // INSERT IGNORE of an existing row changes nothing and logs nothing.
            try (PreparedStatement insert = connection.prepareStatement("INSERT IGNORE INTO " + checkpointTable
                    + " (channel, source_server_id) VALUES (?, ?)")) {
                insert.setString(1, channel);
                insert.setLong(2, sourceServerId);
                insert.executeUpdate();
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Set<String> existing(Connection connection, String query, String... parameters)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            Set<String> names = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        }
    }

    /** The channel's checkpoint, or empty when it has never applied or passed a transaction. */
    public Optional<Checkpoint> load(Connection connection, String channel) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT source_server_id, binlog_file,"
                + " binlog_position, gtid_position, last_gtid, origin_server_id, source_commit_time, transactions,"
                + " announced_statements FROM " + checkpointTable + " WHERE channel = ?")) {
            select.setString(1, channel);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getString(2) == null) {
                    return Optional.empty();
                }
                String lastGtid = row.getString(5);
                Timestamp commitTime = row.getTimestamp(7);
                return Optional.of(new Checkpoint(channel, row.getLong(1),
                        new BinlogPosition(row.getString(2), row.getLong(3)), GtidPosition.parse(row.getString(4)),
                        lastGtid == null ? null : Gtid.parse(lastGtid), row.getLong(6),
                        commitTime == null ? null : commitTime.toInstant(), row.getLong(8),
                        AnnouncedStatements.parse(row.getString(9))));
            }
        }
    }

    /**
     * Writes {@code checkpoint} inside the caller's open transaction. {@code countsAsApplied} adds one to
     * the channel's transaction counter. It also ends any announcement of the channel: a reader that sees
     * this row knows the announced statement, if any, is behind it.
     *
     * @throws SQLException also when the channel's row is missing ({@link #prepare} was not called)
     */
    public void writeWithin(Connection connection, Checkpoint checkpoint, boolean countsAsApplied)
            throws SQLException {
        writeWithin(connection, checkpoint, countsAsApplied ? 1 : 0);
    }

    /** As {@link #writeWithin(Connection, Checkpoint, boolean)}, adding {@code applied} transactions to the counter. */
    public void writeWithin(Connection connection, Checkpoint checkpoint, int applied) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + checkpointTable
                + " SET source_server_id = ?, binlog_file = ?, binlog_position = ?, gtid_position = ?, last_gtid = ?,"
                + " origin_server_id = ?, source_commit_time = ?, applied_at = UTC_TIMESTAMP(6),"
                + " transactions = transactions + ?, statement_thread_id = 0, announced_statements = ?"
                + " WHERE channel = ?")) {
            update.setLong(1, checkpoint.sourceServerId());
            update.setString(2, checkpoint.position().file());
            update.setLong(3, checkpoint.position().position());
            update.setString(4, checkpoint.gtidPosition().toString());
            update.setString(5, checkpoint.lastGtid() == null ? null : checkpoint.lastGtid().toString());
            update.setLong(6, checkpoint.originServerId());
            update.setString(7, checkpoint.sourceCommitTime() == null ? null
                    : utcLiteral(checkpoint.sourceCommitTime()));
            update.setInt(8, applied);
            update.setString(9, checkpoint.announcedStatements().encode());
            update.setString(10, checkpoint.channel());
            if (update.executeUpdate() != 1) {
                throw new SQLException("checkpoint row for channel " + checkpoint.channel() + " is missing in "
                        + checkpointTable);
            }
        }
    }

    /**
     * Marks the start of an applied transaction with its origin, as the first write in it; the reverse
     * channel recognises the row and skips the transaction (marker loop prevention).
     */
    public void markOriginWithin(Connection connection, String channel, long originServerId) throws SQLException {
        writeMarker(connection, channel, originServerId, "0");
    }

    /**
     * Announces, in a transaction of its own that the caller commits, that this connection runs a
     * standalone statement of {@code originServerId} next (see {@link AnnouncedStatements}).
     *
     * @param loggedThreadId the thread id the statement's QUERY event will carry: the applier replays
     *     statements under the master's {@code pseudo_thread_id} (temporary tables depend on it), so it
     *     is that id, not this connection's
     */
    public void announceStatementWithin(Connection connection, String channel, long originServerId,
            long loggedThreadId) throws SQLException {
        writeMarker(connection, channel, originServerId, Long.toUnsignedString(loggedThreadId));
    }

    /**
     * The marker's UPDATE. {@code UUID()} in its condition is always true but unsafe for statement
     * logging, so a server with binlog_format=MIXED logs the marker as a row event too, which is the only
     * form the reverse reader recognises (a plain UPDATE would be logged as its SQL text).
     */
    private void writeMarker(Connection connection, String channel, long originServerId, String threadId)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + checkpointTable
                + " SET origin_server_id = ?, applied_at = UTC_TIMESTAMP(6), marker_sequence = marker_sequence + 1,"
                + " statement_thread_id = " + threadId + " WHERE channel = ? AND UUID() IS NOT NULL")) {
            update.setLong(1, originServerId);
            update.setString(2, channel);
            if (update.executeUpdate() != 1) {
                throw new SQLException("checkpoint row for channel " + channel + " is missing in " + checkpointTable);
            }
        }
    }

    /** Records a skipped event inside the caller's open transaction. */
    public void recordSkipWithin(Connection connection, SkippedEvent skipped) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + skippedTable
                + " (channel, binlog_file, binlog_position, gtid, rule, error_code, error_message, statement,"
                + " skipped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))")) {
            insert.setString(1, skipped.channel());
            insert.setString(2, skipped.at().file());
            insert.setLong(3, skipped.at().position());
            insert.setString(4, skipped.gtid() == null ? null : skipped.gtid().toString());
            insert.setString(5, skipped.rule());
            insert.setInt(6, skipped.errorCode());
            insert.setString(7, skipped.errorMessage());
            String statement = skipped.statement();
            insert.setString(8, statement == null || statement.length() <= 65_536 ? statement
                    : statement.substring(0, 65_536));
            insert.executeUpdate();
        }
    }

    /** The skipped events of a channel, oldest first, at most {@code limit}. */
    public List<SkippedEvent> skipped(Connection connection, String channel, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT binlog_file, binlog_position, gtid, rule,"
                + " error_code, error_message, statement FROM " + skippedTable + " WHERE channel = ?"
                + " ORDER BY id LIMIT ?")) {
            select.setString(1, channel);
            select.setInt(2, limit);
            List<SkippedEvent> result = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String gtid = row.getString(3);
                    result.add(new SkippedEvent(channel, new BinlogPosition(row.getString(1), row.getLong(2)),
                            gtid == null ? null : Gtid.parse(gtid), row.getString(4), row.getInt(5), row.getString(6),
                            row.getString(7)));
                }
            }
            return result;
        }
    }

    /** How many events the channel has skipped since it was created (the skip table's index makes this cheap). */
    public long skippedCount(Connection connection, String channel) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + skippedTable
                + " WHERE channel = ?")) {
            select.setString(1, channel);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String utcLiteral(Instant instant) {
        return java.time.LocalDateTime.ofInstant(instant, java.time.ZoneOffset.UTC).toString().replace('T', ' ');
    }
}
