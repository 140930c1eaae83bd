package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes every column type MariaDB 10.11 has, at its minimum, maximum and awkward values, into a real
 * server; reads the binlog back with the library, converts each TABLE_MAP with {@link TableMapConverter},
 * decodes each row event with {@link RowsEventDecoder}, and compares every value of every image with
 * what the server itself reports for that row before and after the statement: numbers and temporal
 * values as {@code CAST(col AS CHAR)}, TIMESTAMP under {@code time_zone='+00:00'}, strings and binaries
 * as {@code HEX(col)}, ENUM/SET/BIT/YEAR as {@code col+0}, FLOAT/DOUBLE bit for bit over the binary
 * protocol. Rows are written under {@code time_zone='+05:30'}.
 *
 * <p>Runs once per {@code binlog_row_metadata} level: FULL (names, signedness, key, charsets), MINIMAL
 * (signedness and charsets, no names) and NO_LOG (nothing; signedness comes from information_schema).
 */
class RowsEventDecoderIT {

    private static final String DATABASE = "rt";

    /** How the server is asked for the value a column holds, and how a decoded value is put in the same form. */
    enum Check {
        NUMBER, FLOAT, DOUBLE, TEMPORAL, TIMESTAMP, HEX, NUMERIC_VALUE
    }

    record Column(String name, String definition, Check check, int paddedTo, String min, String max, String special) {
        Column(String name, String definition, Check check, String min, String max, String special) {
            this(name, definition, check, 0, min, max, special);
        }
    }

    private static final String ALL_64_MEMBERS =
            IntStream.range(0, 64).mapToObj(i -> "m" + i).collect(Collectors.joining(","));

    // YEAR and BIT come first and FLOAT/DECIMAL UNSIGNED sit among the integers, so that a wrong rule
    // for which columns own a signedness bit shifts every bit after them.
    private static final List<Column> COLUMNS = List.of(
            new Column("y", "YEAR", Check.NUMERIC_VALUE, "1901", "2155", "0"),
            new Column("b1", "BIT(1)", Check.NUMERIC_VALUE, "b'0'", "b'1'", "b'1'"),
            new Column("tiu", "TINYINT UNSIGNED", Check.NUMBER, "0", "255", "7"),
            new Column("ti", "TINYINT", Check.NUMBER, "-128", "127", "-1"),
            new Column("siu", "SMALLINT UNSIGNED", Check.NUMBER, "0", "65535", "1"),
            new Column("si", "SMALLINT", Check.NUMBER, "-32768", "32767", "-2"),
            new Column("miu", "MEDIUMINT UNSIGNED", Check.NUMBER, "0", "16777215", "3"),
            new Column("mi", "MEDIUMINT", Check.NUMBER, "-8388608", "8388607", "-3"),
            new Column("iu", "INT UNSIGNED", Check.NUMBER, "0", "4294967295", "3000000000"),
            new Column("i", "INT", Check.NUMBER, "-2147483648", "2147483647", "-4"),
            new Column("biu", "BIGINT UNSIGNED", Check.NUMBER, "0", "18446744073709551615", "9223372036854775808"),
            new Column("bi", "BIGINT", Check.NUMBER, "-9223372036854775808", "9223372036854775807", "-5"),
            new Column("de", "DECIMAL(65,30)", Check.NUMBER,
                    "-99999999999999999999999999999999999.999999999999999999999999999999",
                    "99999999999999999999999999999999999.999999999999999999999999999999",
                    "-0.000000000000000000000000000001"),
            new Column("deu", "DECIMAL(10,2) UNSIGNED", Check.NUMBER, "0", "99999999.99", "12.5"),
            new Column("fl", "FLOAT", Check.FLOAT, "-3.4e38", "3.4e38", "0.1"),
            new Column("flu", "FLOAT UNSIGNED", Check.FLOAT, "0", "1.5", "1e-30"),
            new Column("dbl", "DOUBLE", Check.DOUBLE, "-1.7976931348623157e308", "1.7976931348623157e308", "0.1"),
            new Column("d", "DATE", Check.TEMPORAL, "'1000-01-01'", "'9999-12-31'", "'0000-00-00'"),
            new Column("t0", "TIME", Check.TEMPORAL, "'-838:59:59'", "'838:59:59'", "'-01:02:03'"),
            new Column("t1", "TIME(1)", Check.TEMPORAL, "'-838:59:59.9'", "'838:59:59.9'", "'-12:34:56.7'"),
            new Column("t3", "TIME(3)", Check.TEMPORAL, "'-838:59:59.999'", "'838:59:59.999'", "'-00:00:01.5'"),
            new Column("t6", "TIME(6)", Check.TEMPORAL, "'-838:59:59.999999'", "'838:59:59.999999'",
                    "'-00:00:00.000001'"),
            new Column("dt0", "DATETIME", Check.TEMPORAL, "'1000-01-01 00:00:00'", "'9999-12-31 23:59:59'",
                    "'0000-00-00 00:00:00'"),
            new Column("dt6", "DATETIME(6)", Check.TEMPORAL, "'1000-01-01 00:00:00.000000'",
                    "'9999-12-31 23:59:59.999999'", "'2024-02-29 12:34:56.000001'"),
            new Column("ts0", "TIMESTAMP NULL", Check.TIMESTAMP, "'1970-01-01 05:30:01'", "'2038-01-19 08:44:07'",
                    "'0000-00-00 00:00:00'"),
            new Column("ts6", "TIMESTAMP(6) NULL", Check.TIMESTAMP, "'1970-01-01 05:30:01.000000'",
                    "'2038-01-19 08:44:07.999999'", "'2024-02-29 23:59:59.123456'"),
            new Column("c10", "CHAR(10) CHARACTER SET utf8mb4", Check.HEX, "''", "'abcdefghij'", "'a\uD83D\uDE00  '"),
            new Column("c255", "CHAR(255) CHARACTER SET utf8mb4", Check.HEX, "'x'", "REPEAT('\uD83D\uDE00', 255)",
                    "'\u00e9'"),
            new Column("vc", "VARCHAR(100) CHARACTER SET utf8mb4", Check.HEX, "''", "REPEAT('\uD83D\uDE00', 100)",
                    "'b  '"),
            new Column("vcl", "VARCHAR(300) CHARACTER SET latin1", Check.HEX, "''", "REPEAT('\u00ff', 300)",
                    "'\u00e9\u20ac'"),
            new Column("cl", "CHAR(5) CHARACTER SET latin1", Check.HEX, "'\u00e9'", "'\u00ff\u00ff\u00ff\u00ff\u00ff'",
                    "'\u20ac'"),
            new Column("tt", "TINYTEXT CHARACTER SET latin1", Check.HEX, "''", "REPEAT('\u00ff', 255)", "'caf\u00e9'"),
            new Column("txt", "TEXT CHARACTER SET utf8mb4", Check.HEX, "''", "REPEAT('\uD83D\uDE00', 1000)",
                    "'\uD83D\uDE00 x'"),
            new Column("mt", "MEDIUMTEXT CHARACTER SET utf8mb4", Check.HEX, "''", "REPEAT('z', 70000)", "'\u00e9'"),
            new Column("lt", "LONGTEXT CHARACTER SET utf8mb4", Check.HEX, "''", "REPEAT('\uD83D\uDE00', 20000)", "'-'"),
            new Column("bn", "BINARY(4)", Check.HEX, 4, "0x00000000", "0xFFFFFFFF", "0x00FF0000"),
            new Column("vb", "VARBINARY(10)", Check.HEX, "X''", "0xFFFFFFFFFFFFFFFFFFFF", "0x00FF00"),
            new Column("tb", "TINYBLOB", Check.HEX, "X''", "REPEAT(0xFF, 255)", "0x00"),
            new Column("bl", "BLOB", Check.HEX, "X''", "REPEAT(0x00FF, 30000)", "0xFF00"),
            new Column("mb", "MEDIUMBLOB", Check.HEX, "X''", "REPEAT(0xFF, 70000)", "0x00"),
            new Column("lb", "LONGBLOB", Check.HEX, "X''", "REPEAT(0x00, 70000)", "0xFF"),
            new Column("b10", "BIT(10)", Check.NUMERIC_VALUE, "b'0'", "b'1111111111'", "b'1010101010'"),
            new Column("b64", "BIT(64)", Check.NUMERIC_VALUE, "0", "0xFFFFFFFFFFFFFFFF", "0x8000000000000001"),
            new Column("e", "ENUM('a','b','c')", Check.NUMERIC_VALUE, "'a'", "'c'", "'b'"),
            new Column("st", "SET('x','y','z')", Check.NUMERIC_VALUE, "''", "'x,y,z'", "'x,z'"),
            new Column("s64", "SET(" + IntStream.range(0, 64).mapToObj(i -> "'m" + i + "'")
                    .collect(Collectors.joining(",")) + ")", Check.NUMERIC_VALUE, "'m0'", "'" + ALL_64_MEMBERS + "'",
                    "'m63'"),
            new Column("j", "JSON", Check.HEX, "'{}'", "'[1, 2.5, \"\uD83D\uDE00\"]'", "'{\"k\": [1, \"\u00e9\", null]}'"),
            new Column("g", "GEOMETRY", Check.HEX, "ST_GeomFromText('POINT(0 0)')",
                    "ST_GeomFromText('LINESTRING(0 0, 1e300 -1e300)')", "ST_GeomFromText('POINT(1 2)', 4326)"),
            new Column("pt", "POINT", Check.HEX, "ST_GeomFromText('POINT(-1 -2)')", "ST_GeomFromText('POINT(3 4)')",
                    "ST_GeomFromText('POINT(5 6)')"),
            new Column("in6", "INET6", Check.HEX, 16, "'::'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'",
                    "'::ffff:1.2.3.4'"),
            new Column("uu", "UUID", Check.HEX, 16, "'00000000-0000-0000-0000-000000000000'",
                    "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'123e4567-e89b-12d3-a456-426655440000'"));

    // latin1, latin1, utf8mb4: MariaDB logs these charsets as a default (latin1) plus one exception.
    private static final List<Column> NO_PRIMARY_KEY = List.of(
            new Column("a", "INT", Check.NUMBER, "", "", ""),
            new Column("b", "VARCHAR(10) CHARACTER SET latin1", Check.HEX, "", "", ""),
            new Column("c", "CHAR(10) CHARACTER SET latin1", Check.HEX, "", "", ""),
            new Column("d", "TINYTEXT CHARACTER SET utf8mb4", Check.HEX, "", "", ""));

    private static final List<Column> TEXTS = List.of(
            new Column("id", "INT", Check.NUMBER, "", "", ""),
            new Column("l1", "VARCHAR(5) CHARACTER SET latin1", Check.HEX, "", "", ""),
            new Column("u1", "VARCHAR(5) CHARACTER SET utf8mb4", Check.HEX, "", "", ""),
            new Column("e1", "ENUM('q') CHARACTER SET utf8mb4", Check.NUMERIC_VALUE, "", "", ""),
            new Column("l2", "TEXT CHARACTER SET latin1 COLLATE latin1_bin", Check.HEX, "", "", ""),
            new Column("bin", "VARBINARY(5)", Check.HEX, "", "", ""),
            new Column("u2", "CHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", Check.HEX, "", "", ""));

    /** A table as the test knows it: its columns with how to check them, and which column identifies a row. */
    record Table(String name, List<Column> columns, int keyColumn) {}

    private static final Table EVERYTHING = new Table("everything", withId(COLUMNS), 0);
    private static final Table NOPK = new Table("nopk", NO_PRIMARY_KEY, 0);
    private static final Table TEXTS_TABLE = new Table("texts", TEXTS, 0);

    /** One statement and the server's view of the tables around it. */
    record Step(String sql, long endPosition, Map<String, Map<Long, List<String>>> before,
            Map<String, Map<Long, List<String>>> after, int rowsAffected) {}

    @ParameterizedTest(name = "binlog_row_metadata={0}")
    @ValueSource(strings = {"FULL", "MINIMAL", "NO_LOG"})
    void decodesEveryColumnTypeExactlyAsTheServerStoresIt(String rowMetadata) throws Exception {
        MariaDbOptions options = MariaDbOptions.master(1, 2).withArgument("--binlog-row-metadata=" + rowMetadata);
        try (MariaDbServer server = MariaDbServer.start("rows-" + rowMetadata.toLowerCase(), options);
                Connection writer = server.connect();
                Connection reader = DriverManager.getConnection(server.jdbcUrl() + "?useServerPrepStmts=true", "root",
                        "")) {
            createTables(server);
            try (Statement statement = writer.createStatement()) {
                statement.execute("SET time_zone = '+05:30'");
                statement.execute("SET sql_mode = 'STRICT_ALL_TABLES'");
            }
            try (Statement statement = reader.createStatement()) {
                statement.execute("SET time_zone = '+00:00'");
            }
            String all = EVERYTHING.columns().stream().map(Column::name).collect(Collectors.joining(", "));
            List<Step> steps = new ArrayList<>();
            run(steps, writer, reader, server, "INSERT INTO rt.everything (id) VALUES (1)");
            run(steps, writer, reader, server, "INSERT INTO rt.everything (" + all + ") VALUES "
                    + values(2, Column::min) + ", " + values(3, Column::max));
            run(steps, writer, reader, server, "INSERT INTO rt.everything (" + all + ") VALUES "
                    + values(4, Column::special));
            run(steps, writer, reader, server, "UPDATE rt.everything SET ti = ti - 1, vc = LEFT(CONCAT('\u2713', vc), 100),"
                    + " ts6 = '2001-02-03 04:05:06.7', d = '2024-00-00', bn = 0xFF, t3 = '-00:00:00.001', y = 2000,"
                    + " b64 = b64 ^ 1, s64 = 'm1,m62', biu = biu DIV 2 WHERE id IN (3, 4)");
            run(steps, writer, reader, server, "DELETE FROM rt.everything WHERE id IN (1, 2)");
            try (Statement statement = writer.createStatement()) {
                statement.execute("SET SESSION binlog_row_image = 'MINIMAL'");
            }
            run(steps, writer, reader, server, "UPDATE rt.everything SET vc = 'minimal', t6 = NULL WHERE id = 4");
            try (Statement statement = writer.createStatement()) {
                statement.execute("SET SESSION binlog_row_image = 'FULL'");
            }
            run(steps, writer, reader, server,
                    "INSERT INTO rt.nopk VALUES (1, '\u00e9', 'x ', '\uD83D\uDE00'), (2, NULL, NULL, NULL)");
            run(steps, writer, reader, server, "UPDATE rt.nopk SET b = 'c' WHERE a = 1");
            run(steps, writer, reader, server, "DELETE FROM rt.nopk WHERE a = 2");
            run(steps, writer, reader, server, "INSERT INTO rt.texts VALUES (1, '\u00e9', '\uD83D\uDE00', 'q', '\u00ff',"
                    + " 0x00, '\u00e9')");

            List<RowsChanged> events = BinlogFiles.rowEvents(BinlogFiles.read(server.dataDirectory())).stream()
                    .filter(event -> event.table().table().database().equals(DATABASE))
                    .toList();
            Map<String, boolean[]> unsignedBySchema = new HashMap<>();
            for (Table table : List.of(EVERYTHING, NOPK, TEXTS_TABLE)) {
                unsignedBySchema.put(table.name(), unsignedFromInformationSchema(server, table.name()));
            }
            int[] decodedRows = new int[steps.size()];
            for (RowsChanged event : events) {
                Table table = tableNamed(event.table().table().table());
                TableMap map = event.table();
                checkTableMap(server, map, table, rowMetadata, unsignedBySchema.get(table.name()));
                boolean[] unsigned = rowMetadata.equals("NO_LOG") ? unsignedBySchema.get(table.name())
                        : unsignedFromTableMap(map);
                RowImages images = RowsEventDecoder.decode(event, unsigned);
                int step = stepOf(steps, event);
                checkImages(images, table, steps.get(step), event);
                decodedRows[step] += images.rowCount();
            }
            for (int i = 0; i < steps.size(); i++) {
                assertThat(decodedRows[i]).as("rows decoded for %s", steps.get(i).sql())
                        .isEqualTo(steps.get(i).rowsAffected());
            }
            RowsChanged minimal = events.stream().filter(e -> stepOf(steps, e) == 5).findFirst().orElseThrow();
            RowImages minimalImages = RowsEventDecoder.decode(minimal, unsignedBySchema.get("everything"));
            assertThat(minimalImages.columnsBefore()).as("MINIMAL before-image: the primary key only").isEqualTo(bits(0));
            assertThat(minimalImages.columnsAfter()).as("MINIMAL after-image: the columns the UPDATE set")
                    .isEqualTo(bits(columnIndex("vc"), columnIndex("t6")));
        }
    }

    /**
     * Tables created with {@code mysql56_temporal_format=OFF} (or inherited from MariaDB 5.3-10.0) keep the
     * old TIME/DATETIME/TIMESTAMP types 11/12/7. Without fractions they decode exactly. With fractions
     * MariaDB writes the same type codes, no metadata, and wider values: the decoder cannot know the width
     * and must refuse; in a one-row event the misread leaves bytes over, so it does.
     */
    @Test
    void decodesOldTemporalFormatsAndRefusesMariaDb53FractionalOnes() throws Exception {
        try (MariaDbServer server = MariaDbServer.start("rows-old-temporal", MariaDbOptions.master(1, 2));
                Connection writer = server.connect()) {
            server.execute("SET GLOBAL mysql56_temporal_format = OFF",
                    "CREATE DATABASE " + DATABASE,
                    "CREATE TABLE rt.old (id INT PRIMARY KEY, t TIME, dt DATETIME, ts TIMESTAMP NULL)",
                    "CREATE TABLE rt.hires (id INT PRIMARY KEY, t TIME(3))",
                    "SET GLOBAL mysql56_temporal_format = ON");
            try (Statement statement = writer.createStatement()) {
                statement.execute("SET time_zone = '+05:30'");
                statement.execute("INSERT INTO rt.old VALUES (1, '-838:59:59', '9999-12-31 23:59:59',"
                        + " '2038-01-19 08:44:07'), (2, '-01:02:03', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
                        + " (3, '00:00:00', '1000-01-01 00:00:00', '1970-01-01 05:30:01'), (4, NULL, NULL, NULL)");
                statement.execute("INSERT INTO rt.hires VALUES (1, '-01:02:03.5')");
            }
            List<List<String>> expected = new ArrayList<>();
            try (Statement statement = writer.createStatement()) {
                statement.execute("SET time_zone = '+00:00'");
                try (ResultSet result = statement.executeQuery(
                        "SELECT CAST(t AS CHAR), CAST(dt AS CHAR), CAST(ts AS CHAR) FROM rt.old ORDER BY id")) {
                    while (result.next()) {
                        expected.add(Arrays.asList(result.getString(1), result.getString(2), result.getString(3)));
                    }
                }
            }
            List<RowsChanged> events = BinlogFiles.rowEvents(BinlogFiles.read(server.dataDirectory())).stream()
                    .filter(event -> event.table().table().database().equals(DATABASE)).toList();
            assertThat(events).hasSize(2);
            RowsChanged old = events.get(0);
            assertThat(old.table().types()).containsExactly(ColumnType.LONG,
                    ColumnType.TIME, ColumnType.DATETIME,
                    ColumnType.TIMESTAMP);
            List<Object[]> rows = RowsEventDecoder.decode(old, new boolean[4]).after();
            assertThat(rows).hasSize(4);
            for (int row = 0; row < rows.size(); row++) {
                assertThat(Arrays.asList(rows.get(row)).subList(1, 4)).as("row %s", row + 1)
                        .isEqualTo(expected.get(row));
            }
            RowsChanged hires = events.get(1);
            assertThat(hires.table().types()[1]).isEqualTo(ColumnType.TIME);
            assertThat(hires.table().metadata()[1]).as("no fsp in the table map").isZero();
            assertThatThrownBy(() -> RowsEventDecoder.decode(hires, new boolean[2]))
                    .isInstanceOf(UndecodableEventException.class)
                    .hasMessageContaining("rt.hires");
        }
    }

    private static void createTables(MariaDbServer server) {
        server.execute("CREATE DATABASE " + DATABASE,
                "CREATE TABLE rt.everything (id INT PRIMARY KEY, " + definitions(COLUMNS) + ")",
                "CREATE TABLE rt.nopk (" + definitions(NO_PRIMARY_KEY) + ")",
                "CREATE TABLE rt.texts (" + definitions(TEXTS) + ", PRIMARY KEY (id)) CHARACTER SET utf8mb4");
    }

    private static void run(List<Step> steps, Connection writer, Connection reader, MariaDbServer server, String sql)
            throws SQLException {
        Map<String, Map<Long, List<String>>> before = snapshot(reader);
        int affected;
        try (Statement statement = writer.createStatement()) {
            affected = statement.executeUpdate(sql);
        }
        long end = Long.parseLong(server.queryRows("SHOW MASTER STATUS").getFirst().get(1));
        steps.add(new Step(sql, end, before, snapshot(reader), affected));
    }

    private static Map<String, Map<Long, List<String>>> snapshot(Connection reader) throws SQLException {
        Map<String, Map<Long, List<String>>> tables = new HashMap<>();
        for (Table table : List.of(EVERYTHING, NOPK, TEXTS_TABLE)) {
            String select = table.columns().stream().map(RowsEventDecoderIT::expression).collect(Collectors.joining(", "));
            Map<Long, List<String>> rows = new LinkedHashMap<>();
            try (PreparedStatement query = reader.prepareStatement("SELECT " + select + " FROM rt." + table.name());
                    ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 0; i < table.columns().size(); i++) {
                        row.add(serverValue(result, i + 1, table.columns().get(i).check()));
                    }
                    rows.put(Long.parseLong(row.get(table.keyColumn())), row);
                }
            }
            tables.put(table.name(), rows);
        }
        return tables;
    }

    private static String expression(Column column) {
        return switch (column.check()) {
            case NUMBER, TEMPORAL, TIMESTAMP -> "CAST(" + column.name() + " AS CHAR)";
            case FLOAT, DOUBLE -> column.name();
            case HEX -> "HEX(" + column.name() + ")";
            // CAST(.. AS UNSIGNED): the server prints a SET of 64 members, all set, as -1 for "+ 0".
            case NUMERIC_VALUE -> "CAST(" + column.name() + " + 0 AS UNSIGNED)";
        };
    }

    private static String serverValue(ResultSet result, int index, Check check) throws SQLException {
        String value = switch (check) {
            // The binary protocol carries FLOAT and DOUBLE as their IEEE bits: exact, unlike text.
            case FLOAT -> Float.toString(result.getFloat(index));
            case DOUBLE -> Double.toString(result.getDouble(index));
            default -> result.getString(index);
        };
        return result.wasNull() ? null : value;
    }

    private static String decodedValue(Object value, Column column) {
        if (value == null) {
            return null;
        }
        return switch (column.check()) {
            case NUMBER -> value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            case FLOAT -> Float.toString((Float) value);
            case DOUBLE -> Double.toString((Double) value);
            case TEMPORAL, TIMESTAMP -> (String) value;
            case NUMERIC_VALUE -> value.toString();
            case HEX -> {
                byte[] bytes = (byte[]) value;
                // BINARY(n), INET6 and UUID are logged without trailing 0x00; the column pads them again.
                if (column.paddedTo() > bytes.length) {
                    bytes = Arrays.copyOf(bytes, column.paddedTo());
                }
                yield HexFormat.of().withUpperCase().formatHex(bytes);
            }
        };
    }

    private static void checkImages(RowImages images, Table table, Step step, RowsChanged event) {
        assertThat(images.kind()).isEqualTo(event.kind());
        Map<Long, List<String>> before = step.before().get(table.name());
        Map<Long, List<String>> after = step.after().get(table.name());
        for (int row = 0; row < images.rowCount(); row++) {
            switch (images.kind()) {
                case INSERT -> checkRow(images.after().get(row), images.columnsAfter(), after, null, table, step);
                case DELETE -> checkRow(images.before().get(row), images.columnsBefore(), before, null, table, step);
                case UPDATE -> {
                    Object[] beforeImage = images.before().get(row);
                    checkRow(beforeImage, images.columnsBefore(), before, null, table, step);
                    // A MINIMAL after-image may lack the key: the row is the one the before-image names.
                    checkRow(images.after().get(row), images.columnsAfter(), after, beforeImage[table.keyColumn()], table,
                            step);
                }
            }
        }
    }

    private static void checkRow(Object[] image, BitSet present, Map<Long, List<String>> serverRows, Object key,
            Table table, Step step) {
        Object rowKey = key != null ? key : image[table.keyColumn()];
        List<String> expected = serverRows.get(((Number) rowKey).longValue());
        assertThat(expected).as("server row %s of %s around: %s", rowKey, table.name(), step.sql()).isNotNull();
        assertThat(image).hasSize(table.columns().size());
        for (int column = 0; column < image.length; column++) {
            Column definition = table.columns().get(column);
            if (!present.get(column)) {
                assertThat(image[column]).as("absent column %s", definition.name()).isNull();
                continue;
            }
            assertThat(decodedValue(image[column], definition))
                    .as("%s.%s of row %s after: %s", table.name(), definition.name(), rowKey, step.sql())
                    .isEqualTo(expected.get(column));
        }
    }

    private static void checkTableMap(MariaDbServer server, TableMap map, Table table, String rowMetadata,
            boolean[] unsignedBySchema) {
        List<String> names = table.columns().stream().map(Column::name).toList();
        if (rowMetadata.equals("FULL")) {
            assertThat(map.columnNames()).containsExactlyElementsOf(names);
            assertThat(map.primaryKey()).isEqualTo(table == NOPK ? List.of() : List.of(0));
        } else {
            assertThat(map.columnNames()).isNull();
            assertThat(map.primaryKey()).isNull();
        }
        if (rowMetadata.equals("NO_LOG")) {
            assertThat(map.signedness()).isNull();
            assertThat(map.columnCharsets()).isNull();
            return;
        }
        // Signedness and charsets come with MINIMAL as well as FULL.
        assertThat(unsignedFromTableMap(map)).as("signedness of %s", table.name()).isEqualTo(unsignedBySchema);
        List<Integer> collations = collationsFromInformationSchema(server, table.name());
        if (table != EVERYTHING) {
            assertThat(map.columnCharsets()).as("charsets of %s", table.name()).isEqualTo(collations);
        } else if (map.columnCharsets() != null) {
            assertThat(map.columnCharsets()).as("charsets of %s", table.name()).isEqualTo(collations);
        }
    }

    private static boolean[] unsignedFromTableMap(TableMap map) {
        boolean[] unsigned = new boolean[map.columnCount()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = map.isUnsigned(i);
        }
        return unsigned;
    }

    /** UNSIGNED per column as information_schema says; YEAR counts as unsigned, as the binlog marks it. */
    private static boolean[] unsignedFromInformationSchema(MariaDbServer server, String table) {
        List<List<String>> rows = server.queryRows("SELECT COLUMN_TYPE, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = '" + DATABASE + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION");
        boolean[] unsigned = new boolean[rows.size()];
        for (int i = 0; i < unsigned.length; i++) {
            unsigned[i] = rows.get(i).get(0).contains("unsigned") || rows.get(i).get(1).equals("year");
        }
        return unsigned;
    }

    /**
     * Collation ids of the character columns, from information_schema: the string, text, blob, geometry
     * and fixed-binary types (INET6, UUID), not ENUM or SET; columns without a collation are binary (63).
     */
    private static List<Integer> collationsFromInformationSchema(MariaDbServer server, String table) {
        Set<String> characterTypes = Set.of("char", "varchar", "binary", "varbinary", "tinytext", "text", "mediumtext",
                "longtext", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point", "inet6", "uuid");
        List<List<String>> rows = server.queryRows("SELECT c.DATA_TYPE, l.ID FROM information_schema.COLUMNS c"
                + " LEFT JOIN information_schema.COLLATIONS l ON l.COLLATION_NAME = c.COLLATION_NAME"
                + " WHERE c.TABLE_SCHEMA = '" + DATABASE + "' AND c.TABLE_NAME = '" + table + "'"
                + " ORDER BY c.ORDINAL_POSITION");
        return rows.stream().filter(row -> characterTypes.contains(row.get(0)))
                .map(row -> row.get(1) == null ? 63 : Integer.parseInt(row.get(1)))
                .toList();
    }

    private static int stepOf(List<Step> steps, RowsChanged event) {
        for (int i = 0; i < steps.size(); i++) {
            if (event.endPosition() <= steps.get(i).endPosition()) {
                return i;
            }
        }
        throw new AssertionError("row event at " + event.at() + " is after the last step");
    }

    private static Table tableNamed(String name) {
        return List.of(EVERYTHING, NOPK, TEXTS_TABLE).stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static int columnIndex(String name) {
        return EVERYTHING.columns().stream().map(Column::name).toList().indexOf(name);
    }

    private static List<Column> withId(List<Column> columns) {
        List<Column> all = new ArrayList<>();
        all.add(new Column("id", "INT", Check.NUMBER, "", "", ""));
        all.addAll(columns);
        return List.copyOf(all);
    }

    private static String definitions(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.definition()).collect(Collectors.joining(", "));
    }

    private static String values(int id, Function<Column, String> literal) {
        return "(" + id + ", " + COLUMNS.stream().map(literal).collect(Collectors.joining(", ")) + ")";
    }

    private static BitSet bits(int... indexes) {
        BitSet set = new BitSet();
        for (int index : indexes) {
            set.set(index);
        }
        return set;
    }
}
