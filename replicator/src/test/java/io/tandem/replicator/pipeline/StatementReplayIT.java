package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements (binlog_format MIXED and STATEMENT) replayed through a real channel must leave the target
 * exactly as the master: every statement runs on the target with the session the master logged for it
 * (sql_mode, charsets and collations, time zone, the master's clock, auto-increment settings, INSERT_ID,
 * LAST_INSERT_ID, RAND seeds, user variables, foreign_key_checks, default database).
 *
 * <p>Each scenario writes to its own database on db1; afterwards every table of every scenario is compared
 * with db2 column by column. The servers run in different time zones (+03:00 and -07:00) and with
 * different auto-increment offsets, so anything the target evaluates with its own settings or clock
 * shows up as a difference.
 */
class StatementReplayIT {

    private static final List<String> DATABASES = List.of("modes", "charsets", "zones", "clock", "autoinc", "lastid",
            "randoms", "uservars", "fk", "otherdb", "ddl", "copy", "mixed", "sessions", "flags");
    private static final Charset LATIN1 = Charset.forName("windows-1252");

    @ParameterizedTest(name = "binlog_format={0}")
    @ValueSource(strings = {"MIXED", "STATEMENT"})
    void statementsReplayWithTheSessionTheyRanIn(String format) throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2).withBinlogFormat(format)
                        .withArgument("--default-time-zone=+03:00"));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2)
                        .withArgument("--default-time-zone=-07:00"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("db1-to-db2", db1, db2));

            sqlModes(db1);
            charsets(db1);
            timeZones(db1);
            mastersClock(db1);
            autoIncrement(db1);
            lastInsertId(db1);
            randomNumbers(db1);
            userVariables(db1);
            foreignKeyChecksOff(db1);
            noDefaultDatabase(db1);
            databasesDroppedAndCreatedAgain(db1);
            insertSelectAndMultiTableStatements(db1);
            oneTransactionOfManyStatements(db1, format.equals("MIXED"));
            temporaryTablesOfTwoSessions(db1);
            sessionFlags(db1);

            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(60), channel);
            // A retry from the checkpoint would hide a statement that failed once: there must be none.
            assertThat(channel.status().reconnects()).as("retries; last error: %s", channel.status().lastError())
                    .isZero();
            for (String database : DATABASES) {
                TableContents.assertSame(db1, db2, database);
            }
            assertThat(statementEventsIn(db1)).as("statement events in db1's binlog").isGreaterThan(60);
            assertThat(channel.status().statementsApplied()).isGreaterThan(60);
            assertThat(channel.status().eventsSkipped()).isZero();

            // Values that show each setting took effect, not merely that both sides agree.
            assertThat(db2.queryString("SELECT v FROM modes.chars WHERE id = 2")).isEqualTo("ab        |");
            assertThat(db2.queryString("SELECT v FROM modes.chars WHERE id = 3")).isEqualTo("a\\nb\\\\c");
            assertThat(db2.queryString("SELECT tiny FROM modes.chars WHERE id = 6")).isEqualTo("127");
            assertThat(db2.queryString("SELECT v FROM modes.chars WHERE id = 8")).isEqualTo("M\u00e4rz");
            assertThat(db2.queryString("SELECT HEX(l) FROM charsets.t WHERE id = 1")).isEqualTo("E920FF2080");
            assertThat(db2.queryString("SELECT CONCAT(HEX(u), '/', HEX(l), '/', HEX(b)) FROM charsets.t WHERE id = 2"))
                    .isEqualTo("C3A9/E9/E9");
            assertThat(db2.queryString("SELECT eq FROM charsets.t WHERE id = 4")).isEqualTo("1");
            assertThat(db2.queryString("SELECT eq FROM charsets.t WHERE id = 6")).isEqualTo("0");
            assertThat(db2.queryString("SELECT CAST(dt AS CHAR) FROM zones.t WHERE id = 2"))
                    .isEqualTo("2023-11-15 03:13:20.000000");
            assertThat(db2.queryString("SELECT CONCAT(CAST(now6 AS CHAR), ' ', unix_ts) FROM clock.t WHERE id = 1"))
                    .isEqualTo("2001-09-09 04:46:40.123456 1000000000.123456");
            assertThat(db2.queryString("SELECT UNIX_TIMESTAMP(changed) FROM clock.auto WHERE id = 1"))
                    .isEqualTo("1000000100.000000");
            assertThat(db2.queryRows("SELECT id FROM autoinc.t ORDER BY id").stream().map(row -> row.get(0)).toList())
                    .containsExactly("1", "3", "5", "8", "13", "18", "19", "20", "21");
            assertThat(db2.queryString("SELECT rs FROM uservars.t WHERE id = 1")).isEqualTo("0.1111111111111111");
            assertThat(db2.queryString("SELECT eq FROM uservars.t WHERE id = 2")).isEqualTo("1");
            assertThat(db2.queryString("SELECT s FROM uservars.t WHERE id = 3")).isEqualTo("back\\slash 'quote");
            assertThat(db2.queryLong("SELECT parent_id FROM fk.child WHERE id = 1")).isEqualTo(99);
            assertThat(db2.queryString("SELECT v FROM ddl.t2 WHERE id = 1")).isEqualTo("again");
            assertThat(db2.queryRows("SELECT v FROM sessions.t ORDER BY id").stream().map(row -> row.get(0)).toList())
                    .containsExactly("first", "second", "third");
            assertThat(db2.queryLong("SELECT COUNT(DISTINCT connection) FROM sessions.t")).isEqualTo(3);
            assertThat(db2.queryString("SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'flags'"
                    + " AND TABLE_NAME = 'legacy' AND COLUMN_NAME = 'ts'")).isEqualTo("NO");
            assertThat(db2.queryString("SELECT i FROM flags.checked ORDER BY i LIMIT 1")).isEqualTo("-1");
            String history = "SELECT id, v, UNIX_TIMESTAMP(row_start), UNIX_TIMESTAMP(row_end) FROM flags.versioned"
                    + " FOR SYSTEM_TIME ALL ORDER BY id, row_start";
            assertThat(db2.queryRows(history)).hasSize(3).isEqualTo(db1.queryRows(history));
        }
    }

    private static void sqlModes(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE modes", "USE modes",
                    "CREATE TABLE chars (id INT PRIMARY KEY, c CHAR(10), v VARCHAR(40), tiny TINYINT)",
                    "SET sql_mode = 'PAD_CHAR_TO_FULL_LENGTH'",
                    "INSERT INTO chars (id, c, v) VALUES (1, 'ab', 'x')",
                    // CHAR values read padded to full length only under this mode.
                    "INSERT INTO chars (id, v) SELECT 2, CONCAT(c, '|') FROM chars WHERE id = 1",
                    "SET sql_mode = 'NO_BACKSLASH_ESCAPES'",
                    "INSERT INTO chars (id, v) VALUES (3, 'a\\nb\\\\c')",
                    "SET sql_mode = 'ANSI_QUOTES'",
                    "INSERT INTO \"chars\" (\"id\", \"v\") VALUES (4, 'ansi')",
                    "SET sql_mode = 'PIPES_AS_CONCAT'",
                    "INSERT INTO chars (id, v) VALUES (5, 'a' || 'b')",
                    // Not strict: out-of-range values are clipped with a warning, where a strict target refuses.
                    "SET sql_mode = ''",
                    "INSERT INTO chars (id, tiny, v) VALUES (6, 300, REPEAT('z', 50))",
                    "SET sql_mode = 'NO_UNSIGNED_SUBTRACTION'",
                    "INSERT INTO chars (id, v) VALUES (7, CAST(CAST(1 AS UNSIGNED) - 2 AS CHAR))",
                    "SET sql_mode = DEFAULT, lc_time_names = 'de_DE'",
                    "INSERT INTO chars (id, v) VALUES (8, DATE_FORMAT('2024-03-01', '%M'))");
        }
    }

    /** Through the mariadb client with latin1: the JDBC driver can only send UTF-8. */
    private static void charsets(MariaDbServer db1) throws Exception {
        db1.execute("CREATE DATABASE charsets", "CREATE TABLE charsets.t (id INT PRIMARY KEY,"
                + " u VARCHAR(20) CHARACTER SET utf8mb4, l VARCHAR(20) CHARACTER SET latin1, b VARBINARY(20), eq INT)",
                "CREATE TABLE charsets.log (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(20) CHARACTER SET latin1,"
                        + " at DATETIME(6), r DOUBLE)");
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.writeBytes(latin1("INSERT INTO t (id, u, l, b) VALUES (1, '\u00e9 \u00ff \u20ac', '\u00e9 \u00ff \u20ac',"
                + " '\u00e9');\n"));
        // Introducers take the bytes as they are, in the named charset, not in the client's.
        script.writeBytes(latin1("INSERT INTO t (id, u, l, b) VALUES (2, _latin1'\u00e9', _utf8mb4'\u00c3\u00a9',"
                + " _binary'\u00e9');\n"));
        script.writeBytes(latin1("SET collation_connection = latin1_german2_ci;\n"));
        script.writeBytes(latin1("INSERT INTO t (id, eq, l) VALUES (4, '\u00e4' = 'ae', '\u00e4');\n"));
        // Bytes beyond ASCII take another way to the target: the statement's other context must come along.
        script.writeBytes(latin1("SET time_zone = '+05:00', @v = _latin1'\u00ff';\n"));
        script.writeBytes(latin1("INSERT INTO log (note, at, r) VALUES (CONCAT(_latin1'caf\u00e9', @v), NOW(6),"
                + " RAND());\n"));
        script.writeBytes(latin1("INSERT INTO log (note, at, r) VALUES ('\u00e9', NOW(6), RAND(3));\n"));
        runLatin1Client(db1, "charsets", script.toByteArray());
        try (Session s = new Session(db1, "charsets")) {
            s.run("INSERT INTO t (id, u) VALUES (5, 'caf\u00e9 \uD83D\uDE00')",
                    "SET collation_connection = utf8mb4_bin",
                    "INSERT INTO t (id, eq) VALUES (6, 'a' = 'A')",
                    "SET collation_connection = utf8mb4_unicode_ci",
                    "INSERT INTO t (id, eq) VALUES (7, '\u00df' = 'ss')");
        }
    }

    private static void timeZones(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE zones", "USE zones",
                    "CREATE TABLE t (id INT PRIMARY KEY, dt DATETIME(6), ts TIMESTAMP(6) NULL, d DATE, note VARCHAR(40))",
                    "SET time_zone = '+05:00'",
                    "INSERT INTO t VALUES (1, NOW(6), NOW(6), CURDATE(), NULL)",
                    "INSERT INTO t (id, dt) VALUES (2, FROM_UNIXTIME(1700000000))",
                    "INSERT INTO t (id, note) VALUES (3, UNIX_TIMESTAMP('2024-01-01 00:00:00'))",
                    "SET time_zone = DEFAULT",
                    "INSERT INTO t VALUES (4, NOW(6), NOW(6), CURDATE(), NULL)",
                    "INSERT INTO t (id, dt, ts) VALUES (5, '2024-06-01 12:00:00', '2024-06-01 12:00:00')",
                    "SET time_zone = '-02:30'",
                    "INSERT INTO t (id, dt) SELECT 6, ts FROM t WHERE id = 5",
                    "UPDATE t SET ts = dt WHERE id = 2");
        }
    }

    private static void mastersClock(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE clock", "USE clock",
                    "CREATE TABLE t (id INT PRIMARY KEY, now6 DATETIME(6), unix_ts DECIMAL(20,6), cur DATE,"
                            + " utc DATETIME(6), ts TIMESTAMP(6) NULL, curtime TIME(6))",
                    "CREATE TABLE auto (id INT PRIMARY KEY, v INT,"
                            + " changed TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))",
                    // A fixed time long past: a target that used its own clock would show today.
                    "SET timestamp = 1000000000.123456",
                    "INSERT INTO t VALUES (1, NOW(6), UNIX_TIMESTAMP(NOW(6)), CURDATE(), UTC_TIMESTAMP(6),"
                            + " CURRENT_TIMESTAMP(6), CURTIME(6))",
                    "INSERT INTO t (id, unix_ts) VALUES (2, UNIX_TIMESTAMP())",
                    "INSERT INTO auto (id, v) VALUES (1, 1)",
                    "SET timestamp = 1000000100",
                    "UPDATE auto SET v = 2 WHERE id = 1",
                    "SET timestamp = DEFAULT",
                    "INSERT INTO t VALUES (3, NOW(6), UNIX_TIMESTAMP(NOW(6)), CURDATE(), UTC_TIMESTAMP(6),"
                            + " CURRENT_TIMESTAMP(6), CURTIME(6))",
                    "INSERT INTO auto (id, v) VALUES (2, 1)");
        }
    }

    private static void autoIncrement(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE autoinc", "USE autoinc",
                    "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))",
                    // db1 runs with increment 2, offset 1; db2 with offset 2: INSERT_ID must decide.
                    "INSERT INTO t (v) VALUES ('a')",
                    "INSERT INTO t (v) VALUES ('b'), ('c')",
                    "SET auto_increment_increment = 5, auto_increment_offset = 3",
                    "INSERT INTO t (v) VALUES ('d'), ('e')",
                    "SET auto_increment_increment = 1, auto_increment_offset = 1",
                    "INSERT INTO t (v) VALUES ('f')",
                    // 0 means "next value" unless NO_AUTO_VALUE_ON_ZERO, which row events use on the target.
                    "INSERT INTO t (id, v) VALUES (0, 'zero')",
                    "INSERT INTO t (v) SELECT v FROM t WHERE id < 4 ORDER BY id");
        }
    }

    private static void lastInsertId(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE lastid", "USE lastid",
                    "CREATE TABLE parent (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))",
                    "CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id BIGINT, note VARCHAR(20))",
                    "INSERT INTO parent (v) VALUES ('p1')",
                    "INSERT INTO child (parent_id) VALUES (LAST_INSERT_ID())",
                    "INSERT INTO parent (v) VALUES ('p2'), ('p3')",
                    "INSERT INTO child (parent_id, note) VALUES (LAST_INSERT_ID(), 'multi')",
                    "INSERT INTO child (parent_id, note) VALUES (LAST_INSERT_ID(777), 'explicit')",
                    "INSERT INTO child (parent_id, note) VALUES (LAST_INSERT_ID(), 'after explicit')");
        }
    }

    private static void randomNumbers(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE randoms", "USE randoms",
                    "CREATE TABLE t (id INT PRIMARY KEY, r DOUBLE, note VARCHAR(40))",
                    "INSERT INTO t VALUES (1, RAND(42), NULL)",
                    "INSERT INTO t VALUES (2, RAND(), NULL)",
                    "INSERT INTO t VALUES (3, RAND() + RAND(), CAST(RAND() AS CHAR))",
                    "SET @@rand_seed1 = 1, @@rand_seed2 = 2",
                    "INSERT INTO t VALUES (4, RAND(), NULL)");
        }
    }

    private static void userVariables(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE uservars", "USE uservars",
                    "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(40), l VARCHAR(40) CHARACTER SET latin1, i BIGINT,"
                            + " u BIGINT UNSIGNED, d DECIMAL(30,10), r DOUBLE, rs VARCHAR(60), n VARCHAR(10), eq INT)",
                    "SET @s = 'x\uD83D\uDE00', @e = 'caf\u00e9', @i = -7, @u = 18446744073709551615, @d = 12345.6789012345,"
                            + " @r = 1e0 / 3, @nothing = NULL",
                    // A DOUBLE divides as a double; the same digits as a DECIMAL would give 0.11111111.
                    "INSERT INTO t VALUES (1, @s, @e, @i, @u, @d, @r, CONCAT(@r / 3), @nothing, NULL)",
                    // The variable's collation decides the comparison: in latin1_german2_ci, 'ä' = 'ae'.
                    "SET @l = CONVERT('\u00e4' USING latin1) COLLATE latin1_german2_ci",
                    "INSERT INTO t (id, l, eq) VALUES (2, @l, @l = 'ae')",
                    "SET sql_mode = 'NO_BACKSLASH_ESCAPES'",
                    "SET @b = 'back\\slash ''quote'",
                    "INSERT INTO t (id, s) VALUES (3, @b)",
                    "SET sql_mode = DEFAULT",
                    "SET @big = 9223372036854775808, @half = 0.5e0, @tiny = -0.0000000001",
                    "INSERT INTO t (id, u, rs, d) VALUES (4, @big, CONCAT(@half / 3), @tiny)",
                    "SET @small = CAST(5 AS UNSIGNED), @bin = X'00FF', @u16 = CONVERT('x\u00e9' USING utf16),"
                            + " @wide = CAST(1 AS DECIMAL(30,10))",
                    "INSERT INTO t (id, s, rs, u) VALUES (5, @u16, HEX(@bin), @small)",
                    // A table made from variables takes their types: signedness, precision, charset.
                    "CREATE TABLE derived AS SELECT @small AS small, @i AS i, @u AS u, @d AS d, @wide AS wide,"
                            + " @r AS r, @s AS s, @bin AS bin, @u16 AS u16, @nothing AS nothing");
        }
    }

    private static void foreignKeyChecksOff(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE fk", "USE fk",
                    "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB",
                    "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT,"
                            + " FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB",
                    "SET foreign_key_checks = 0",
                    "INSERT INTO child VALUES (1, 99)",
                    "SET foreign_key_checks = 1",
                    "INSERT INTO parent VALUES (99)",
                    "INSERT INTO child VALUES (2, 99)");
        }
    }

    private static void noDefaultDatabase(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE otherdb",
                    "CREATE TABLE otherdb.t (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO otherdb.t VALUES (1, 'x')",
                    "UPDATE otherdb.t SET v = 'y' WHERE id = 1",
                    "CREATE TABLE otherdb.u LIKE otherdb.t",
                    "INSERT INTO otherdb.u SELECT * FROM otherdb.t");
        }
    }

    private static void databasesDroppedAndCreatedAgain(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE ddl", "USE ddl",
                    "CREATE TABLE t1 (id INT PRIMARY KEY)",
                    "INSERT INTO t1 VALUES (1)",
                    // Dropping the session's database leaves it with none, on the master and on the target.
                    "DROP DATABASE ddl",
                    "CREATE DATABASE ddl",
                    "USE ddl",
                    "CREATE TABLE t2 (id INT PRIMARY KEY, v VARCHAR(10))",
                    "INSERT INTO t2 VALUES (1, 'again')",
                    "ALTER TABLE t2 ADD COLUMN w INT DEFAULT 7",
                    "CREATE DATABASE ddl_gone",
                    "DROP DATABASE ddl_gone",
                    "INSERT INTO t2 (id, v) VALUES (2, 'after')");
        }
    }

    private static void insertSelectAndMultiTableStatements(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE copy", "USE copy",
                    "CREATE TABLE src (id INT PRIMARY KEY, v VARCHAR(10), n DECIMAL(10,2))",
                    "CREATE TABLE dst (id INT PRIMARY KEY, v VARCHAR(20), n DECIMAL(12,3))",
                    "INSERT INTO src VALUES (1, 'a', 1.5), (2, 'b', 2.25), (3, 'c', NULL)",
                    "INSERT INTO dst SELECT id, CONCAT(v, '-copy'), n * 2 FROM src WHERE id < 3",
                    "INSERT INTO dst (id, v) SELECT id + 10, UPPER(v) FROM src ORDER BY id",
                    "UPDATE dst JOIN src USING (id) SET dst.n = src.n + 100",
                    "DELETE dst FROM dst JOIN src ON dst.id = src.id + 10 WHERE src.v = 'c'",
                    "REPLACE INTO dst VALUES (1, 'replaced', 0)",
                    "INSERT INTO dst VALUES (2, 'dup', 0) ON DUPLICATE KEY UPDATE v = CONCAT(v, '+dup')");
        }
    }

    private static void oneTransactionOfManyStatements(MariaDbServer db1, boolean mixed) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE mixed", "USE mixed",
                    "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40), at DATETIME(6), u VARCHAR(40))",
                    "BEGIN",
                    "INSERT INTO t (v, at) VALUES ('first', NOW(6))",
                    "SET @x = 'from variable'",
                    "INSERT INTO t (v) VALUES (@x)",
                    "UPDATE t SET v = CONCAT(v, '!') WHERE id = LAST_INSERT_ID()",
                    "SET time_zone = '+01:00'",
                    "INSERT INTO t (v, at) VALUES ('zone', NOW(6))");
            if (mixed) {
                // UUID() is unsafe for statements: MIXED logs this one as rows, inside the same transaction.
                s.run("INSERT INTO t (v, u) VALUES ('row-logged', UUID())");
            }
            s.run("INSERT INTO t (v) VALUES (RAND(7))",
                    "DELETE FROM t WHERE v = 'first'",
                    "COMMIT");
        }
    }

    /**
     * Two master sessions with a temporary table of the same name, interleaved: the target runs both in one
     * connection, where only the master's thread id (pseudo_thread_id) tells the two tables apart.
     * CONNECTION_ID() is that thread id too.
     */
    private static void temporaryTablesOfTwoSessions(MariaDbServer db1) throws SQLException {
        db1.execute("CREATE DATABASE sessions",
                "CREATE TABLE sessions.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20), connection BIGINT)");
        try (Session first = new Session(db1, "sessions"); Session second = new Session(db1, "sessions")) {
            first.run("CREATE TEMPORARY TABLE work (v VARCHAR(20))", "INSERT INTO work VALUES ('first')");
            second.run("CREATE TEMPORARY TABLE work (v VARCHAR(20))", "INSERT INTO work VALUES ('second')");
            first.run("INSERT INTO t (v, connection) SELECT v, CONNECTION_ID() FROM work");
            second.run("INSERT INTO t (v, connection) SELECT v, CONNECTION_ID() FROM work");
            first.run("INSERT INTO work VALUES ('first again')");
        }
        // Both sessions ended: the master logged a DROP TEMPORARY TABLE for each. A new one starts afresh.
        try (Session third = new Session(db1, "sessions")) {
            third.run("CREATE TEMPORARY TABLE work (v VARCHAR(20))", "INSERT INTO work VALUES ('third')",
                    "INSERT INTO t (v, connection) SELECT v, CONNECTION_ID() FROM work");
        }
    }

    /** Session variables MariaDB logs as Q_FLAGS2 bits besides foreign_key_checks. */
    private static void sessionFlags(MariaDbServer db1) throws SQLException {
        try (Session s = new Session(db1, null)) {
            s.run("CREATE DATABASE flags", "USE flags",
                    // The old TIMESTAMP rules: NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP.
                    "SET explicit_defaults_for_timestamp = 0",
                    "CREATE TABLE legacy (id INT PRIMARY KEY, ts TIMESTAMP, ts2 TIMESTAMP)",
                    "SET explicit_defaults_for_timestamp = 1",
                    "CREATE TABLE modern (id INT PRIMARY KEY, ts TIMESTAMP)",
                    "SET timestamp = 1000000000",
                    "INSERT INTO legacy (id) VALUES (1)",
                    "INSERT INTO modern (id) VALUES (1)",
                    "SET timestamp = DEFAULT",
                    "CREATE TABLE checked (i INT, CONSTRAINT positive CHECK (i > 0))",
                    "SET check_constraint_checks = 0",
                    "INSERT INTO checked VALUES (-1)",
                    "SET check_constraint_checks = 1",
                    "INSERT INTO checked VALUES (1)",
                    "SET sql_if_exists = 1",
                    "ALTER TABLE absent ADD COLUMN x INT",
                    "SET sql_if_exists = 0",
                    // History rows take the statement's time, to the microsecond.
                    "CREATE TABLE versioned (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                    "INSERT INTO versioned VALUES (1, 1), (2, 2)",
                    "UPDATE versioned SET v = 10 WHERE id = 1",
                    "DELETE FROM versioned WHERE id = 2");
        }
    }

    /** QUERY events other than transaction control and tandem's own writes, as the master logged them. */
    private static long statementEventsIn(MariaDbServer server) {
        return server.queryRows("SHOW BINLOG EVENTS").stream()
                .filter(row -> row.get(2).equals("Query"))
                .filter(row -> !row.get(5).equals("BEGIN") && !row.get(5).equals("COMMIT"))
                .count();
    }

    /** A master session of a client application; statements run in autocommit unless they say BEGIN. */
    private static final class Session implements AutoCloseable {
        private final Connection connection;
        private final Statement statement;

        Session(MariaDbServer server, String database) throws SQLException {
            connection = DriverManager.getConnection(server.jdbcUrl() + (database == null ? "" : database), "root", "");
            statement = connection.createStatement();
        }

        void run(String... sql) throws SQLException {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new SQLException(e.getMessage() + " in: " + each, e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static byte[] latin1(String text) {
        return text.getBytes(LATIN1);
    }

    private static void runLatin1Client(MariaDbServer server, String database, byte[] input)
            throws IOException, InterruptedException {
        Process client = new ProcessBuilder("mariadb", "--no-defaults", "-h", server.host(), "-P",
                Integer.toString(server.port()), "-uroot", "--default-character-set=latin1", database)
                .redirectErrorStream(true).start();
        try (OutputStream stdin = client.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = client.getInputStream().readAllBytes();
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(client.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    }
}
