package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every column type through a real channel: rows inserted, updated in every column and deleted on db1
 * (ROW format) must land on db2 with exactly the same stored values, compared column by column and by
 * CHECKSUM TABLE.
 *
 * <p>The servers run in different time zones (+03:00 and -07:00) and the writer's session in a third
 * (+05:30), so a TIMESTAMP that passes through any wall-clock reading on the way shows up as a shifted
 * instant. Tables without a primary key hold duplicates and inexact types (FLOAT, DOUBLE, TIMESTAMP),
 * which the applier must still find by value. With {@code binlog_row_metadata=NO_LOG} the binlog carries
 * no names and no signedness, and the applier must take both from the target's information_schema.
 */
class TypesRoundTripIT {

    private static final String DB = "types";

    @ParameterizedTest(name = "binlog_row_metadata={0}")
    @ValueSource(strings = {"FULL", "NO_LOG"})
    void everyColumnTypeArrivesExactly(String rowMetadata) throws Exception {
        try (MariaDbServer db1 = MariaDbServer.start("db1", MariaDbOptions.master(1, 2)
                        .withArgument("--default-time-zone=+03:00").withArgument("--binlog-row-metadata=" + rowMetadata));
                MariaDbServer db2 = MariaDbServer.start("db2", MariaDbOptions.master(2, 2)
                        .withArgument("--default-time-zone=-07:00"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("db1-to-db2", db1, db2));

            try (Connection connection = db1.connect(); Statement statement = connection.createStatement()) {
                // Zero dates need a mode without NO_ZERO_DATE; +05:30 is neither server's zone.
                statement.execute("SET sql_mode = '', time_zone = '+05:30'");
                createTables(statement);
                integers(statement);
                numbers(statement);
                temporals(statement);
                strings(connection, statement);
                binaries(connection, statement);
                bitsEnumsSetsAndJson(statement);
                tableWithoutKey(statement);
                tableWithoutKeyOfScaledAndPaddedTypes(statement);
                generatedColumns(statement);
                uniqueNotNullKeyInsteadOfPrimaryKey(statement);
                inexactAndPaddedKeys(statement);
                serverTypes(statement);
                rowsWrittenWithChecksOff(statement);
            }
            assertThat(db1.queryString("SELECT @@binlog_row_metadata")).isEqualTo(rowMetadata);

            ChannelFixture.awaitCaughtUp(Duration.ofSeconds(60), channel);
            // A retry from the checkpoint would hide an event that failed once: there must be none.
            assertThat(channel.status().reconnects()).as("retries; last error: %s", channel.status().lastError())
                    .isZero();
            int rows = TableContents.assertSame(db1, db2, DB);
            assertThat(rows).isGreaterThan(40);
            // The edge values really are there, not just equal on both sides.
            assertThat(db2.queryString("SELECT CAST(biu AS CHAR) FROM types.integers WHERE id = 1"))
                    .isEqualTo("18446744073709551615");
            assertThat(db2.queryString("SELECT CAST(t6 AS CHAR) FROM types.temporals WHERE id = 2"))
                    .isEqualTo("-838:59:59.000000");
            assertThat(db2.queryString("SELECT UNIX_TIMESTAMP(ts) FROM types.temporals WHERE id = 2"))
                    .isEqualTo("1.000000");
            assertThat(db2.queryString("SELECT HEX(v) FROM types.strings WHERE id = 1"))
                    .isEqualTo("F09F9880F09F8E8920747261696C696E67202020");
            assertThat(db2.queryString("SELECT HEX(b) FROM types.binaries WHERE id = 1")).isEqualTo("00FF000000000000");
            assertThat(db2.queryLong("SELECT COUNT(*) FROM types.no_key WHERE v = 'duplicate'")).isEqualTo(2);
            assertThat(db2.queryString("SELECT n FROM types.checked WHERE id = 1")).isEqualTo("-2");
            assertThat(db2.queryString("SELECT parent_id FROM types.child WHERE id = 1")).isEqualTo("99");
            // Second 0 with a fraction is an instant, not the zero TIMESTAMP.
            assertThat(db2.queryString("SELECT UNIX_TIMESTAMP(ts1) FROM types.no_key_scaled WHERE vb = ' '"))
                    .isEqualTo("0.1");
            assertThat(channel.status().eventsSkipped()).isZero();
        }
    }

    private static void createTables(Statement statement) throws SQLException {
        run(statement,
                "CREATE DATABASE types CHARACTER SET utf8mb4",
                "CREATE TABLE types.integers (id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT,"
                        + " siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
                        + " bi BIGINT, biu BIGINT UNSIGNED)",
                "CREATE TABLE types.numbers (id INT PRIMARY KEY, d DECIMAL(65,30), du DECIMAL(10,2) UNSIGNED, f FLOAT,"
                        + " dbl DOUBLE)",
                "CREATE TABLE types.temporals (id INT PRIMARY KEY, d DATE, t0 TIME, t6 TIME(6), dt DATETIME(6),"
                        + " dt0 DATETIME, ts TIMESTAMP(6) NULL DEFAULT NULL, ts0 TIMESTAMP NULL DEFAULT NULL, y YEAR)",
                "CREATE TABLE types.strings (id INT PRIMARY KEY, c CHAR(20), v VARCHAR(100), t TEXT,"
                        + " cl CHAR(20) CHARACTER SET latin1, vl VARCHAR(100) CHARACTER SET latin1,"
                        + " tl TEXT CHARACTER SET latin1, vb VARCHAR(30) COLLATE utf8mb4_bin, lt LONGTEXT)",
                "CREATE TABLE types.binaries (id INT PRIMARY KEY, b BINARY(8), vb VARBINARY(20), bl BLOB, tb TINYBLOB,"
                        + " lb LONGBLOB)",
                "CREATE TABLE types.others (id INT PRIMARY KEY, b1 BIT(1), b9 BIT(9), b64 BIT(64),"
                        + " e ENUM('a','b','c'), s SET('x','y','z'), s64 SET(" + setMembers(64) + "), j JSON)",
                "CREATE TABLE types.no_key (i INT, u BIGINT UNSIGNED, f FLOAT, dbl DOUBLE, dec10 DECIMAL(20,10),"
                        + " ts TIMESTAMP(6) NULL DEFAULT NULL, dt DATETIME(6), t TIME(6), y YEAR, b BINARY(4), v VARCHAR(20),"
                        + " bl BLOB, e ENUM('a','b'), bit8 BIT(8), j JSON)",
                "CREATE TABLE types.no_key_scaled (f FLOAT(7,4), dbl DOUBLE(12,3), fu FLOAT UNSIGNED, t3 TIME(3),"
                        + " dt2 DATETIME(2), ts1 TIMESTAMP(1) NULL DEFAULT NULL, d DATE, c CHAR(5) CHARACTER SET latin1,"
                        + " vb VARCHAR(10) COLLATE utf8mb4_nopad_bin, e ENUM('a','b'), s SET('x','y'), b64 BIT(64))",
                "CREATE TABLE types.checked (id INT PRIMARY KEY, n INT, CONSTRAINT positive CHECK (n > 0))",
                "CREATE TABLE types.parent (id INT PRIMARY KEY)",
                "CREATE TABLE types.child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id)"
                        + " REFERENCES types.parent (id))",
                "CREATE TABLE types.generated (id INT PRIMARY KEY, a INT, b VARCHAR(10),"
                        + " v INT AS (a * 2) VIRTUAL, s VARCHAR(20) AS (CONCAT(b, '!')) STORED, KEY by_v (v))",
                "CREATE TABLE types.generated_no_key (a INT, b VARCHAR(10), v INT AS (a * 2) VIRTUAL,"
                        + " s VARCHAR(20) AS (CONCAT(b, '!')) STORED)",
                "CREATE TABLE types.unique_key (note VARCHAR(20) NULL, code VARCHAR(20) NOT NULL, n INT, f FLOAT,"
                        + " UNIQUE KEY by_note (note), UNIQUE KEY by_code (code))",
                "CREATE TABLE types.binary_key (k BINARY(16) PRIMARY KEY, v INT)",
                "CREATE TABLE types.binary_unique (k BINARY(6) NOT NULL, v INT, UNIQUE KEY by_k (k))",
                "CREATE TABLE types.timestamp_key (ts TIMESTAMP(6) NOT NULL PRIMARY KEY, v INT)",
                "CREATE TABLE types.server_types (id INT PRIMARY KEY, ip INET6, uu UUID, g GEOMETRY, pt POINT)",
                "CREATE TABLE types.server_types_no_key (ip INET6, uu UUID, g GEOMETRY, pt POINT)",
                "CREATE TABLE types.inet6_key (ip INET6 NOT NULL PRIMARY KEY, v INT)");
    }

    private static void integers(Statement statement) throws SQLException {
        run(statement,
                "INSERT INTO types.integers VALUES"
                        + " (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0),"
                        + " (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,"
                        + " 9223372036854775807, 18446744073709551615),"
                        + " (3, -1, 128, -1, 32768, -1, 8388608, -1, 2147483648, -1, 9223372036854775808),"
                        + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)",
                "UPDATE types.integers SET ti = 127, tiu = 255, si = 32767, siu = 65535, mi = 8388607, miu = 16777215,"
                        + " i = 2147483647, iu = 4294967295, bi = 9223372036854775807, biu = 18446744073709551615"
                        + " WHERE id = 1",
                "UPDATE types.integers SET ti = -128, tiu = 0, si = -32768, siu = 0, mi = -8388608, miu = 0,"
                        + " i = -2147483648, iu = 0, bi = -9223372036854775808, biu = 0 WHERE id = 2",
                "UPDATE types.integers SET ti = NULL, tiu = NULL, si = NULL, siu = NULL, mi = NULL, miu = NULL,"
                        + " i = NULL, iu = NULL, bi = NULL, biu = NULL WHERE id = 3",
                "UPDATE types.integers SET ti = -2, tiu = 254, si = -2, siu = 65534, mi = -2, miu = 16777214, i = -2,"
                        + " iu = 4294967294, bi = -2, biu = 18446744073709551614 WHERE id = 4",
                "UPDATE types.integers SET id = 6 WHERE id = 5",
                "INSERT INTO types.integers (id, biu) VALUES (7, 18446744073709551615)",
                "DELETE FROM types.integers WHERE id = 6");
    }

    private static void numbers(Statement statement) throws SQLException {
        String max = "99999999999999999999999999999999999.999999999999999999999999999999";
        run(statement,
                "INSERT INTO types.numbers VALUES"
                        + " (1, " + max + ", 99999999.99, 3.40282e38, 1.7976931348623157e308),"
                        + " (2, -" + max + ", 0, -3.40282e38, -1.7976931348623157e308),"
                        + " (3, 0.000000000000000000000000000001, 0.01, 1.401298464324817e-45, 4.9e-324),"
                        + " (4, -0.000000000000000000000000000001, 1, -1.17549435e-38, 2.2250738585072014e-308),"
                        + " (5, 12345.678901234567890123456789012345, 5, 0.1, 0.1),"
                        + " (6, NULL, NULL, NULL, NULL),"
                        + " (7, 0, 0, 16777217, 9007199254740993)",
                "UPDATE types.numbers SET d = -12345.678901234567890123456789012345, du = 0.5, f = 1e-10,"
                        + " dbl = 1e0 / 3 WHERE id = 5",
                "UPDATE types.numbers SET d = " + max + ", du = 99999999.99, f = 3.40282e38,"
                        + " dbl = -4.9e-324 WHERE id = 6",
                "UPDATE types.numbers SET d = NULL, du = NULL, f = NULL, dbl = NULL WHERE id = 1",
                "UPDATE types.numbers SET d = 0.1, du = 0.1, f = 0.3, dbl = 1.0000000000000002 WHERE id = 7",
                "INSERT INTO types.numbers VALUES (8, 1, 1, 1, 1)",
                "DELETE FROM types.numbers WHERE id = 8");
    }

    private static void temporals(Statement statement) throws SQLException {
        run(statement,
                "INSERT INTO types.temporals VALUES"
                        + " (1, '0000-00-00', '-838:59:59', '-838:59:59', '0000-00-00 00:00:00', '0000-00-00 00:00:00',"
                        + " '1970-01-01 05:30:01', '0000-00-00 00:00:00', 0000),"
                        + " (2, '9999-12-31', '838:59:59', '838:59:59.999999', '9999-12-31 23:59:59.999999',"
                        + " '9999-12-31 23:59:59', '2038-01-19 08:44:07.999999', '2038-01-19 08:44:07', 2155),"
                        + " (3, '1000-01-01', '-00:00:01', '-00:00:00.000001', '1000-01-01 00:00:00', '1000-01-01 00:00:00',"
                        + " '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59', 1901),"
                        + " (4, '2024-00-00', '00:00:00', '-01:02:03.5', '2024-02-29 12:34:56.000001', '2024-02-29 12:34:56',"
                        + " '2024-03-31 02:30:00.5', '2024-10-27 02:30:00', 2000),"
                        + " (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                "UPDATE types.temporals SET d = '2024-02-29', t0 = '838:59:59', t6 = '-838:59:59', dt = '2000-01-01',"
                        + " dt0 = '2000-01-01 00:00:01', ts = '2001-09-09 07:16:40.000001', ts0 = '1999-12-31 23:59:59',"
                        + " y = 1970 WHERE id = 1",
                "UPDATE types.temporals SET d = '0000-00-00', t0 = '-838:59:59', t6 = '-838:59:59.000000',"
                        + " dt = '0000-00-00 00:00:00', dt0 = '0000-00-00 00:00:00', ts = '1970-01-01 05:30:01',"
                        + " ts0 = '1970-01-01 05:30:01', y = 0000 WHERE id = 2",
                "UPDATE types.temporals SET d = NULL, t0 = NULL, t6 = NULL, dt = NULL, dt0 = NULL, ts = NULL, ts0 = NULL,"
                        + " y = NULL WHERE id = 3",
                "UPDATE types.temporals SET d = '2024-12-31', t0 = '-12:00:00', t6 = '23:59:59.999999',"
                        + " dt = '2024-12-31 23:59:59.999999', dt0 = '2024-12-31 23:59:59', ts = '2024-12-31 23:59:59.999999',"
                        + " ts0 = '2024-12-31 23:59:59', y = 2024 WHERE id = 5",
                "DELETE FROM types.temporals WHERE id = 4");
    }

    private static void strings(Connection connection, Statement statement) throws SQLException {
        String emoji = "\uD83D\uDE00\uD83C\uDF89";
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO types.strings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insertStrings(insert, 1, "caf\u00e9 " + emoji, emoji + " trailing   ", "text " + emoji + " \u4e2d\u6587",
                    "\u00e9\u00ff\u20ac", "latin1 \u00e9 \u00ff \u20ac  ", "\u00c0\u00e7\u00e9\u00f1 \u0152",
                    "Case", "quote ' backslash \\ nul \u0000 tab \t newline \n end");
            insertStrings(insert, 2, "", "", "", "", "", "", "", "");
            insertStrings(insert, 3, null, null, null, null, null, null, null, null);
            insertStrings(insert, 4, "x", " ", "  ", "y", " ", " ", "case", "x".repeat(70_000));
        }
        run(statement,
                "UPDATE types.strings SET c = 'changed \u00e9', v = 'trailing tab\t ', t = NULL,"
                        + " cl = 'chang\u00e9', vl = '\u20ac ', tl = 'x', vb = 'CASE', lt = '' WHERE id = 2",
                "UPDATE types.strings SET c = '\uD83D\uDE80', v = '\uD83D\uDE80 ', t = '\uD83D\uDE80',"
                        + " cl = '\u00e9', vl = '\u00e9', tl = '\u00e9', vb = '\u00e9', lt = '\uD83D\uDE80' WHERE id = 3",
                "UPDATE types.strings SET c = NULL, v = NULL, t = NULL, cl = NULL, vl = NULL, tl = NULL, vb = NULL,"
                        + " lt = NULL WHERE id = 4");
        run(statement, "INSERT INTO types.strings (id, v) VALUES (5, 'gone')", "DELETE FROM types.strings WHERE id = 5");
    }

    private static void insertStrings(PreparedStatement insert, int id, String... values) throws SQLException {
        insert.setInt(1, id);
        for (int i = 0; i < values.length; i++) {
            insert.setString(i + 2, values[i]);
        }
        insert.executeUpdate();
    }

    private static void binaries(Connection connection, Statement statement) throws SQLException {
        byte[] large = new byte[70_000];
        new Random(42).nextBytes(large);
        large[large.length - 1] = 0;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO types.binaries VALUES (?, ?, ?, ?, ?, ?)")) {
            insertBinaries(insert, 1, bytes(0x00, 0xFF), bytes(0x00, 0xFF, 0x00, 0x00), bytes(0x00, 0x00, 0x00),
                    bytes(0xFF), large);
            insertBinaries(insert, 2, bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), new byte[0], new byte[0],
                    new byte[0], new byte[0]);
            insertBinaries(insert, 3, bytes(0x00), bytes(0x00), bytes(0x00), bytes(0x00), bytes(0x00));
            insertBinaries(insert, 4, null, null, null, null, null);
            insertBinaries(insert, 5, bytes(0x20, 0x20), bytes(0x20, 0x20), bytes(0x5C, 0x27, 0x22, 0x00),
                    bytes(0x0A, 0x0D), bytes(0x1A));
        }
        run(statement,
                "UPDATE types.binaries SET b = 0x0000000000000001, vb = 0xFFFF0000, bl = 0x00FF00, tb = X'',"
                        + " lb = 0xDEADBEEF00 WHERE id = 2",
                "UPDATE types.binaries SET b = NULL, vb = NULL, bl = NULL, tb = NULL, lb = NULL WHERE id = 3",
                "UPDATE types.binaries SET b = 0x00, vb = 0x00, bl = 0x00, tb = 0x00, lb = 0x00 WHERE id = 4",
                "DELETE FROM types.binaries WHERE id = 5");
    }

    private static void insertBinaries(PreparedStatement insert, int id, byte[]... values) throws SQLException {
        insert.setInt(1, id);
        for (int i = 0; i < values.length; i++) {
            insert.setBytes(i + 2, values[i]);
        }
        insert.executeUpdate();
    }

    private static void bitsEnumsSetsAndJson(Statement statement) throws SQLException {
        run(statement,
                "INSERT INTO types.others VALUES"
                        + " (1, b'1', b'111111111', 0xFFFFFFFFFFFFFFFF, 'c', 'x,y,z', '" + setMembers(64).replace("'", "")
                        + "', '{\"k\": [1, 2.5, \"\u00e9\uD83D\uDE00\", null, true], \"nested\": {\"a\": {}}}'),"
                        + " (2, b'0', b'000000000', 0, 'a', '', '', '[]'),"
                        + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                        + " (4, b'1', b'100000000', 0x8000000000000000, 'b', 'z', 'm64', '\"text\"')",
                "UPDATE types.others SET b1 = b'0', b9 = b'000000001', b64 = 0x7FFFFFFFFFFFFFFF, e = 'a', s = 'y',"
                        + " s64 = 'm1,m64', j = '{\"changed\": 1e300}' WHERE id = 1",
                "UPDATE types.others SET b1 = b'1', b9 = b'111111111', b64 = 0xFFFFFFFFFFFFFFFF, e = 'c', s = 'x,y,z',"
                        + " s64 = '" + setMembers(64).replace("'", "") + "', j = 'null' WHERE id = 2",
                "UPDATE types.others SET b1 = b'0', b9 = 0, b64 = 1, e = 'b', s = 'x', s64 = 'm2', j = '{}' WHERE id = 3",
                "DELETE FROM types.others WHERE id = 4");
    }

    private static void tableWithoutKey(Statement statement) throws SQLException {
        String duplicate = "(42, 18446744073709551615, 0.1, 0.1, -1234567890.0123456789, '2024-02-29 23:59:59.123456',"
                + " '2024-02-29 23:59:59.123456', '-838:59:59', 0000, 0x0100, 'duplicate', 0x00FF00, 'b', b'10000001',"
                + " '{\"a\": 1}')";
        String nulls = "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";
        run(statement,
                "INSERT INTO types.no_key VALUES " + duplicate + ", " + duplicate + ", " + duplicate + ", " + nulls
                        + ", " + nulls + ", (1, 1, 3.40282e38, 1e0 / 3, 1, '1970-01-01 05:30:01', '1000-01-01 00:00:00',"
                        + " '00:00:00', 2155, 0x00000000, 'other', X'', 'a', b'0', '[]')",
                // Changes one of three identical rows, in every column: the target must change one, not all.
                "UPDATE types.no_key SET i = 43, u = 0, f = 1.17549435e-38, dbl = 4.9e-324, dec10 = 0,"
                        + " ts = '2038-01-19 08:44:07.999999', dt = '9999-12-31 23:59:59.999999', t = '838:59:59.999999',"
                        + " y = 1901, b = 0xFFFFFFFF, v = 'changed', bl = NULL, e = 'a', bit8 = b'11111111', j = 'null'"
                        + " WHERE v = 'duplicate' LIMIT 1",
                "UPDATE types.no_key SET f = 0.3, dbl = 0.3, ts = '2001-09-09 07:16:40.5' WHERE v = 'other'",
                "UPDATE types.no_key SET i = 7 WHERE i IS NULL LIMIT 1",
                "DELETE FROM types.no_key WHERE v = 'changed'",
                "INSERT INTO types.no_key VALUES " + duplicate,
                "DELETE FROM types.no_key WHERE v = 'duplicate' LIMIT 1",
                "DELETE FROM types.no_key WHERE i IS NULL LIMIT 1");
    }

    /** Values the server rounds or pads on the way in, found again by value in a table without a key. */
    private static void tableWithoutKeyOfScaledAndPaddedTypes(Statement statement) throws SQLException {
        String row = "(123.45678, 1234567.8915, 0.1, '-12:34:56.789', '2024-02-29 23:59:59.99', '2024-02-29 23:59:59.9',"
                + " '2024-00-00', '\u00e9  ', 'x  ', 'bogus', 'x,y', 0xFFFFFFFFFFFFFFFF)";
        run(statement,
                // 'bogus' is no member: outside strict mode the ENUM stores the invalid value '' (index 0).
                "INSERT INTO types.no_key_scaled VALUES " + row + ", " + row + ", (NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " '0000-00-00', NULL, NULL, NULL, NULL, NULL)",
                "UPDATE types.no_key_scaled SET f = -0.0001, dbl = 0.0005, fu = 3.4e38, t3 = '838:59:59.999',"
                        + " dt2 = '0000-00-00 00:00:00', ts1 = '1970-01-01 05:30:00.1', d = '9999-12-31', c = '',"
                        + " vb = ' ', e = 'b', s = '', b64 = 0 WHERE vb = 'x  ' LIMIT 1",
                "UPDATE types.no_key_scaled SET c = 'z' WHERE d = '0000-00-00'",
                "DELETE FROM types.no_key_scaled WHERE c = 'z'",
                "INSERT INTO types.no_key_scaled VALUES " + row,
                "DELETE FROM types.no_key_scaled WHERE e = '' LIMIT 1");
    }

    private static void generatedColumns(Statement statement) throws SQLException {
        run(statement,
                "INSERT INTO types.generated (id, a, b) VALUES (1, 1, 'one'), (2, 2, 'two'), (3, NULL, NULL)",
                "UPDATE types.generated SET a = 10, b = 'ten' WHERE id = 1",
                "UPDATE types.generated SET a = 3, b = 'three' WHERE id = 3",
                "DELETE FROM types.generated WHERE id = 2",
                "INSERT INTO types.generated_no_key (a, b) VALUES (1, 'one'), (1, 'one'), (2, 'two')",
                "UPDATE types.generated_no_key SET a = 5, b = 'five' WHERE a = 1 LIMIT 1",
                "DELETE FROM types.generated_no_key WHERE a = 2");
    }

    private static void uniqueNotNullKeyInsteadOfPrimaryKey(Statement statement) throws SQLException {
        run(statement,
                "INSERT INTO types.unique_key VALUES (NULL, 'a', 1, 0.1), (NULL, 'b', 2, 0.2), ('n', 'c', 3, 0.3)",
                "UPDATE types.unique_key SET note = 'set', code = 'A', n = 10, f = 1e-10 WHERE code = 'a'",
                "UPDATE types.unique_key SET note = NULL, code = 'c2', n = NULL, f = NULL WHERE code = 'c'",
                "DELETE FROM types.unique_key WHERE code = 'b'");
    }

    private static void inexactAndPaddedKeys(Statement statement) throws SQLException {
        run(statement,
                // BINARY(n) keys that end in zero bytes, as one UUID in 256 does: the binlog drops the pad.
                "INSERT INTO types.binary_key VALUES (0x0102030405060708090A0B0C0D0E0F00, 1), (0x01, 2),"
                        + " (0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, 3)",
                "UPDATE types.binary_key SET v = 10 WHERE k = 0x0102030405060708090A0B0C0D0E0F00",
                "UPDATE types.binary_key SET k = 0x0200, v = 20 WHERE v = 2",
                "DELETE FROM types.binary_key WHERE v = 3",
                "INSERT INTO types.binary_unique VALUES (0x00, 1), (0x0A0B0C000000, 2), (0x0A, 3)",
                "UPDATE types.binary_unique SET v = 10 WHERE v = 1",
                "UPDATE types.binary_unique SET k = 0x0B, v = 20 WHERE v = 2",
                "DELETE FROM types.binary_unique WHERE v = 3",
                "INSERT INTO types.timestamp_key VALUES ('2024-03-31 02:30:00.000001', 1), ('1970-01-01 05:30:01', 2)",
                "UPDATE types.timestamp_key SET v = 10 WHERE v = 1",
                "UPDATE types.timestamp_key SET ts = '2038-01-19 08:44:07.999999' WHERE v = 2");
    }

    /** MariaDB's own types: INET6 and UUID are 16 fixed bytes, stored like BINARY(16); GEOMETRY is WKB. */
    private static void serverTypes(Statement statement) throws SQLException {
        List<String> rows = List.of(
                "'::', '00000000-0000-0000-0000-000000000000', ST_GeomFromText('POINT(0 0)'), ST_GeomFromText('POINT(1 2)')",
                "'1::', '12345678-0000-0000-0000-000000000000', ST_GeomFromText('LINESTRING(0 0, 1e300 -1e300)'),"
                        + " ST_GeomFromText('POINT(-1 0)', 4326)",
                "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
                        + " ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))'), ST_GeomFromText('POINT(0 0)')",
                "'::ffff:1.2.3.4', '123e4567-e89b-12d3-a456-426655440000', NULL, NULL",
                "NULL, NULL, NULL, NULL");
        StringJoiner keyed = new StringJoiner(", ");
        StringJoiner twice = new StringJoiner(", ");
        for (int i = 0; i < rows.size(); i++) {
            keyed.add("(" + (i + 1) + ", " + rows.get(i) + ")");
            twice.add("(" + rows.get(i) + ")").add("(" + rows.get(i) + ")");
        }
        run(statement,
                "INSERT INTO types.server_types VALUES " + keyed,
                "INSERT INTO types.server_types_no_key VALUES " + twice,
                "UPDATE types.server_types SET ip = '1::', uu = '00000000-0000-0000-0000-000000000001',"
                        + " g = ST_GeomFromText('POINT(5 5)'), pt = ST_GeomFromText('POINT(6 6)') WHERE id = 1",
                "UPDATE types.server_types SET ip = '::', uu = '12345678-0000-0000-0000-000000000000', g = NULL,"
                        + " pt = NULL WHERE id = 2",
                "DELETE FROM types.server_types WHERE id = 3",
                "UPDATE types.server_types_no_key SET ip = '2::', uu = 'ffffffff-ffff-ffff-ffff-ffffffffffff',"
                        + " g = ST_GeomFromText('POINT(7 7)') WHERE ip = '::' LIMIT 1",
                "UPDATE types.server_types_no_key SET pt = ST_GeomFromText('POINT(8 8)') WHERE ip = '1::' LIMIT 1",
                "DELETE FROM types.server_types_no_key WHERE ip = '1::' LIMIT 1",
                "DELETE FROM types.server_types_no_key WHERE ip IS NULL LIMIT 1",
                "INSERT INTO types.inet6_key VALUES ('::', 1), ('1::', 2), ('::1', 3)",
                "UPDATE types.inet6_key SET v = 10 WHERE ip = '1::'",
                "UPDATE types.inet6_key SET ip = '2::' WHERE ip = '::'",
                "DELETE FROM types.inet6_key WHERE ip = '::1'");
    }

    /** Row events carry the master session's foreign key and CHECK constraint settings as flags. */
    private static void rowsWrittenWithChecksOff(Statement statement) throws SQLException {
        run(statement,
                "SET check_constraint_checks = 0",
                "INSERT INTO types.checked VALUES (1, -1)",
                "UPDATE types.checked SET n = -2 WHERE id = 1",
                "SET check_constraint_checks = 1",
                "INSERT INTO types.checked VALUES (2, 2)",
                "SET foreign_key_checks = 0",
                "INSERT INTO types.child VALUES (1, 99)",
                "SET foreign_key_checks = 1");
    }

    private static String setMembers(int count) {
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            members.append(i == 1 ? "" : ",").append("'m").append(i).append('\'');
        }
        return members.toString();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static void run(Statement statement, String... sql) throws SQLException {
        for (String each : sql) {
            try {
                statement.execute(each);
            } catch (SQLException e) {
                throw new SQLException(e.getMessage() + " in: " + each, e.getSQLState(), e.getErrorCode(), e);
            }
        }
    }
}
