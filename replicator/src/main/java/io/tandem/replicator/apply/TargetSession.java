package io.tandem.replicator.apply;

import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TableId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The applier's connection to the target and the session state it has set on it. Session variables
 * are sent only when they change: HikariCP does not reset them when a connection returns to a pool,
 * and a SET per variable per transaction would double the round trips.
 *
 * <p>Row events run with {@code sql_mode='NO_AUTO_VALUE_ON_ZERO'} (an explicit 0 in an auto-increment
 * column stays 0) and {@code time_zone='+00:00'} (the decoder gives TIMESTAMP values as UTC), as a
 * native replica applies rows. Statements run with the session context the master logged.
 */
public final class TargetSession implements AutoCloseable {

    private static final Pattern CURRENT_DATABASE_CALL =
            Pattern.compile("\\b(DATABASE|SCHEMA)\\s*\\(", Pattern.CASE_INSENSITIVE);

    /** ER_UNSUPPORTED_PS: "This command is not supported in the prepared statement protocol yet". */
    private static final int ER_UNSUPPORTED_PS = 1295;

    private final Connection connection;
    private final Map<String, Object> sessionValues = new HashMap<>();
    private final Map<Integer, String[]> collations = new HashMap<>();
    private final long ownServerId;
    private final long ownDomainId;
    private final String neutralSchema;
    private String currentDatabase;

    TargetSession(Connection connection, String neutralSchema) throws SQLException {
        this.connection = connection;
        this.neutralSchema = neutralSchema;
        connection.setAutoCommit(true);
        resetIdentity(connection);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT @@global.server_id, @@global.gtid_domain_id")) {
            row.next();
            ownServerId = row.getLong(1);
            ownDomainId = row.getLong(2);
        }
    }

    Connection connection() {
        return connection;
    }

    long ownServerId() {
        return ownServerId;
    }

    /**
     * Sets the identity the next transaction is logged under; must run outside a transaction.
     * {@code gtid_seq_no} goes in a statement of its own: MariaDB checks it against the session's
     * domain and server id as they are before the statement, not as the same SET changes them.
     */
    void tagNextTransaction(long originServerId, Gtid gtid) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("server_id", originServerId);
        if (gtid != null) {
            values.put("gtid_domain_id", gtid.domainId());
        }
        set(values);
        if (gtid != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET @@session.gtid_seq_no=" + Long.toUnsignedString(gtid.sequence()));
            }
        }
    }

    /** Logs the next transaction as the target's own (checkpoint-only writes). */
    void tagAsOwn() throws SQLException {
        resetIdentity(connection);
        sessionValues.put("server_id", ownServerId);
        sessionValues.put("gtid_domain_id", ownDomainId);
    }

    /**
     * Gives a session back the server's own identity. MariaDB keeps a session's {@code gtid_seq_no}
     * after a rollback, and a pool keeps session variables across borrowers: without this, the next
     * write on the connection (even tandem's own metadata) would be logged under the origin's GTID,
     * and the origin's real transaction with that GTID would then be refused (error 1950).
     * Must run outside a transaction.
     */
    public static void resetIdentity(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET @@session.gtid_seq_no=0, @@session.server_id=@@global.server_id,"
                    + " @@session.gtid_domain_id=@@global.gtid_domain_id");
        }
    }

    /**
     * The session as row events need it. {@code rowsEventFlags} carry the master session's foreign key,
     * unique and CHECK constraint settings (binlog flags 0x0002, 0x0004, 0x0080).
     */
    void prepareForRows(int rowsEventFlags) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sql_mode", "NO_AUTO_VALUE_ON_ZERO");
        values.put("time_zone", "+00:00");
        values.put("foreign_key_checks", (rowsEventFlags & RowsChanged.NO_FOREIGN_KEY_CHECKS) != 0 ? 0L : 1L);
        values.put("unique_checks", (rowsEventFlags & RowsChanged.RELAXED_UNIQUE_CHECKS) != 0 ? 0L : 1L);
        values.put("check_constraint_checks",
                (rowsEventFlags & RowsChanged.NO_CHECK_CONSTRAINT_CHECKS) != 0 ? 0L : 1L);
        set(values);
    }

    /** The session as the master had it for this statement (binlog notes 6). */
    void prepareForStatement(StatementContext context) throws SQLException {
        if (!context.suppressUse()) {
            use(context.defaultDatabase() == null ? neutralSchema : context.defaultDatabase());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (context.sqlMode() != null) {
            values.put("sql_mode", context.sqlMode());
        }
        if (context.flags2() != null) {
            long flags2 = context.flags2();
            values.put("foreign_key_checks", (flags2 & 0x04000000L) != 0 ? 0L : 1L);
            values.put("unique_checks", (flags2 & 0x08000000L) != 0 ? 0L : 1L);
            values.put("sql_auto_is_null", (flags2 & 0x00004000L) != 0 ? 1L : 0L);
            // MariaDB's own bits (mariadb-binlog prints them as these variables); a MySQL master never sets them,
            // and unset they mean each variable's default.
            values.put("check_constraint_checks", (flags2 & 0x00008000L) != 0 ? 0L : 1L);
            values.put("sql_if_exists", (flags2 & 0x10000000L) != 0 ? 1L : 0L);
            values.put("system_versioning_insert_history", (flags2 & 0x40000000L) != 0 ? 1L : 0L);
        }
        if (context.explicitDefaultsForTimestamp() != null) {
            values.put("explicit_defaults_for_timestamp", context.explicitDefaultsForTimestamp() ? 1L : 0L);
        }
        // character_set_client stays the driver's utf8mb4: the SQL text was decoded with the master's
        // client charset and is sent as utf8mb4; literals still take collation_connection as on the master.
        if (context.collationConnection() != null) {
            values.put("collation_connection", (long) context.collationConnection());
        }
        if (context.collationServer() != null) {
            values.put("collation_server", (long) context.collationServer());
        }
        if (context.collationDatabase() != null) {
            values.put("collation_database", (long) context.collationDatabase());
        }
        values.put("time_zone", context.timeZone() != null ? context.timeZone() : "SYSTEM");
        if (context.lcTimeNames() != null) {
            values.put("lc_time_names", (long) context.lcTimeNames());
        }
        // The master's thread id: temporary tables of different master sessions, all replayed in this one
        // connection, are told apart by it, as in a native replica; CONNECTION_ID() returns it.
        values.put("pseudo_thread_id", context.threadId());
        values.put("auto_increment_increment",
                context.autoIncrementIncrement() == null ? 1L : (long) context.autoIncrementIncrement());
        values.put("auto_increment_offset",
                context.autoIncrementOffset() == null ? 1L : (long) context.autoIncrementOffset());
        set(values);
        // Per-statement values: never cached, always sent.
        StringBuilder sql = new StringBuilder("SET timestamp=")
                .append(context.timestampSeconds()).append('.').append(String.format("%06d",
                        context.microseconds() == null ? 0 : context.microseconds()));
        if (context.insertId() != null) {
            sql.append(", insert_id=").append(Long.toUnsignedString(context.insertId()));
        }
        if (context.lastInsertId() != null) {
            sql.append(", last_insert_id=").append(Long.toUnsignedString(context.lastInsertId()));
        }
        if (context.randSeed1() != null) {
            sql.append(", rand_seed1=").append(Long.toUnsignedString(context.randSeed1()))
                    .append(", rand_seed2=").append(Long.toUnsignedString(context.randSeed2()));
        }
        List<Object> parameters = new ArrayList<>();
        for (StatementContext.UserVariable variable : context.userVariables()) {
            sql.append(", @").append(TableId.quote(variable.name())).append('=');
            switch (variable.value()) {
                case null -> sql.append("NULL");
                case byte[] bytes -> {
                    String[] names = collation(variable.collation());
                    if (names[0].equals("binary")) {
                        // The driver sends bytes as _binary'...' already; "COLLATE binary" is not valid syntax.
                        sql.append('?');
                    } else {
                        sql.append("CONVERT(? USING ").append(names[0]).append(") COLLATE ").append(names[1]);
                    }
                    parameters.add(bytes);
                }
                case Long number -> sql.append(number);
                // UNSIGNED is part of the variable's type (CREATE TABLE ... SELECT @v makes an unsigned column).
                case BigInteger number -> sql.append("CAST(").append(number).append(" AS UNSIGNED)");
                case BigDecimal number -> sql.append(number.toPlainString());
                case Double number -> sql.append(doubleLiteral(variable.name(), number));
                default -> throw new SQLException("user variable @" + variable.name() + " has an unsupported value type "
                        + variable.value().getClass().getSimpleName());
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                RowWriter.bind(statement, i + 1, parameters.get(i));
            }
            statement.execute();
        }
        // The timestamp must not leak into row events or checkpoint writes.
        sessionValues.put("timestamp", "statement");
    }

    /**
     * A DOUBLE user variable as a literal the server reads as a DOUBLE again. Java prints most doubles
     * without an exponent ({@code 0.5}), which the server reads as a DECIMAL: the variable would then
     * divide, print and compare as a decimal ({@code @v / 3} gives 0.16666667 instead of
     * 0.16666666666666666). An exponent makes it an approximate-value literal; the digits are the shortest
     * that round-trip, so the value is exact.
     */
    static String doubleLiteral(String name, double value) throws SQLException {
        if (!Double.isFinite(value)) {
            throw new SQLException("user variable @" + name + " holds " + value + ", which no SQL literal expresses");
        }
        String digits = Double.toString(value);
        return digits.contains("E") ? digits : digits + "E0";
    }

    /** Clears a statement's fixed timestamp so later writes use the clock. */
    void releaseStatementTimestamp() throws SQLException {
        if (sessionValues.remove("timestamp") != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET timestamp=DEFAULT");
            }
        }
    }

    /**
     * Runs a replayed statement as the master ran it, after {@link #prepareForStatement}. The text goes as
     * it is (JDBC escape processing would rewrite {@code {...}} sequences).
     *
     * <p>The driver sends text only as UTF-8, which the server reads the same way as the master read the
     * client's own charset, except for introducers: {@code _latin1'é'} and {@code _binary'é'} take the
     * client's bytes without conversion. A statement whose bytes UTF-8 cannot reproduce therefore runs
     * through {@code EXECUTE IMMEDIATE} of the master's bytes (sent as a hex literal, which no charset can
     * misread), with the master's {@code character_set_client}: the server parses a binary string in the
     * client charset as it is. The prepared-statement protocol does not take every statement (error 1295
     * for compound statements such as CREATE PROCEDURE); such a statement stops the channel.
     */
    void executeStatement(StatementExecuted replayed) throws SQLException {
        refuseCurrentDatabaseWithoutOne(replayed);
        try {
            execute(replayed);
        } finally {
            if (replayed.context().suppressUse()) {
                // CREATE/ALTER/DROP DATABASE: dropping the session's current database leaves the session with
                // none, and the next statement in a database of that name must USE it again.
                currentDatabase = null;
            }
        }
    }

    /**
     * A statement the master ran without a default database runs here in the neutral schema (a session
     * cannot return to "no database"), so DATABASE() would return that schema's name where the master got
     * NULL. Refused: the text is matched loosely, so a string literal that mentions DATABASE() is refused
     * too, which stops the channel rather than diverge.
     */
    private static void refuseCurrentDatabaseWithoutOne(StatementExecuted replayed) throws SQLException {
        StatementContext context = replayed.context();
        if (context.defaultDatabase() == null && !context.suppressUse()
                && CURRENT_DATABASE_CALL.matcher(replayed.sql()).find()) {
            throw new SQLException("the master ran this statement without a default database, and it calls"
                    + " DATABASE() or SCHEMA(), which would return tandem's neutral schema on the target instead of"
                    + " NULL; tandem does not replay it approximately. Skip it explicitly if the difference does"
                    + " not matter, or have the application USE a database first.", "HY000");
        }
    }

    private void execute(StatementExecuted replayed) throws SQLException {
        if (replayed.clientBytes() == null) {
            executeVerbatim(replayed.sql());
            return;
        }
        Integer clientCollation = replayed.context().charsetClient();
        if (clientCollation == null) {
            throw new SQLException("the statement at " + replayed.at() + " carries bytes in its client charset but"
                    + " not the charset");
        }
        String clientCharset = collation(clientCollation)[0];
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET @@session.character_set_client = '" + clientCharset + "'");
            SQLException failure = null;
            try {
                statement.execute("EXECUTE IMMEDIATE X'" + HexFormat.of().formatHex(replayed.clientBytes()) + "'");
            } catch (SQLException e) {
                failure = e.getErrorCode() != ER_UNSUPPORTED_PS ? e : new SQLException("this statement from a "
                        + clientCharset + " client has bytes beyond ASCII, which only EXECUTE IMMEDIATE replays"
                        + " exactly, and the server does not run it that way: " + e.getMessage(), e.getSQLState(),
                        e.getErrorCode(), e);
            }
            try {
                // The driver encodes everything else it sends as UTF-8.
                statement.execute("SET @@session.character_set_client = utf8mb4");
            } catch (SQLException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Runs a statement's text as it is; JDBC escape processing would rewrite {@code {...}} sequences. */
    private void executeVerbatim(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute(sql);
        }
    }

    void commit() throws SQLException {
        connection.commit();
    }

    /** Rolls back and gives the session back its own identity; a broken connection is left to be discarded. */
    void rollbackQuietly() {
        try {
            connection.rollback();
            resetIdentity(connection);
            sessionValues.remove("server_id");
            sessionValues.remove("gtid_domain_id");
        } catch (SQLException ignored) {
            // The connection is broken or the transaction is gone; either way nothing stays applied.
        }
    }

    void setSavepoint() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT tandem_event");
        }
    }

    void rollbackToSavepoint() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK TO SAVEPOINT tandem_event");
        }
    }

    /** Forgets what it believes the session holds (after a statement that may change it, or an error). */
    void forgetSessionState() {
        sessionValues.clear();
        currentDatabase = null;
    }

    private void use(String database) throws SQLException {
        if (Objects.equals(database, currentDatabase)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("USE " + TableId.quote(database));
        }
        currentDatabase = database;
    }

    private void set(Map<String, Object> values) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (Objects.equals(sessionValues.get(entry.getKey()), entry.getValue())) {
                continue;
            }
            sql.append(sql.isEmpty() ? "SET " : ", ").append("@@session.").append(entry.getKey()).append("=");
            if (entry.getValue() instanceof Long number) {
                sql.append(Long.toUnsignedString(number));
            } else {
                sql.append('?');
                parameters.add(entry.getValue());
            }
        }
        if (sql.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                RowWriter.bind(statement, i + 1, parameters.get(i));
            }
            statement.execute();
        } catch (SQLException e) {
            forgetSessionState();
            throw e;
        }
        sessionValues.putAll(values);
    }

    private String[] collation(int id) throws SQLException {
        String[] names = collations.get(id);
        if (names != null) {
            return names;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLLATIONS WHERE ID = ?")) {
            select.setInt(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the target does not know collation id " + id);
                }
                names = new String[] {row.getString(1), row.getString(2)};
            }
        }
        collations.put(id, names);
        return names;
    }

    @Override
    public void close() throws SQLException {
        try {
            rollbackQuietly();
        } finally {
            connection.close();
        }
    }
}
