package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.testkit.MariaDbServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whole tables as text in which equal text means equal stored values, so that two servers can be
 * compared column by column. Each column is read through an expression chosen for its type:
 * <ul>
 *   <li>strings, binaries, BIT and JSON as {@code HEX(column)}: the stored bytes, whatever the charset;
 *   <li>FLOAT as {@code CAST(column AS DOUBLE)}: the widened value prints with all the digits it needs,
 *       where the float itself prints rounded;
 *   <li>TIMESTAMP as {@code UNIX_TIMESTAMP(column)}: the instant, which is what must agree between servers
 *       in different time zones (their wall-clock readings differ on purpose);
 *   <li>ENUM and SET as the value's bytes and its number;
 *   <li>everything else as {@code CAST(column AS CHAR)}.
 * </ul>
 */
final class TableContents {

    private TableContents() {}

    /** The rows of a table, ordered by its primary key, or by every column when it has none. */
    static List<List<String>> rows(MariaDbServer server, String database, String table) {
        List<String> expressions = new ArrayList<>();
        for (List<String> column : server.queryRows("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = '" + database + "' AND TABLE_NAME = '" + table + "' ORDER BY ORDINAL_POSITION")) {
            expressions.add(expression("`" + column.get(0) + "`", column.get(1).toLowerCase(Locale.ROOT)));
        }
        List<String> key = server.queryRows("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '"
                + database + "' AND TABLE_NAME = '" + table + "' AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")
                .stream().map(row -> "`" + row.get(0) + "`").toList();
        List<String> order = new ArrayList<>(key);
        if (order.isEmpty()) {
            for (int i = 1; i <= expressions.size(); i++) {
                order.add(Integer.toString(i));
            }
        }
        return server.queryRows("SELECT " + String.join(", ", expressions) + " FROM `" + database + "`.`" + table
                + "` ORDER BY " + String.join(", ", order));
    }

    /** Every table of {@code database} on the source, with its rows, by table name. */
    static Map<String, List<List<String>>> database(MariaDbServer server, String database) {
        Map<String, List<List<String>>> tables = new TreeMap<>();
        for (List<String> row : server.queryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + database + "' AND TABLE_TYPE = 'BASE TABLE'")) {
            tables.put(row.get(0), rows(server, database, row.get(0)));
        }
        return tables;
    }

    /** SHOW CREATE TABLE of every table of {@code database}, without the AUTO_INCREMENT counter, by name. */
    static Map<String, String> definitions(MariaDbServer server, String database) {
        Map<String, String> definitions = new TreeMap<>();
        for (List<String> row : server.queryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + database + "'")) {
            String definition = server.queryRows("SHOW CREATE TABLE `" + database + "`.`" + row.get(0) + "`").get(0).get(1);
            // The counter follows each server's own auto_increment_increment and offset; the rows decide the rest.
            definitions.put(row.get(0), definition.replaceAll(" AUTO_INCREMENT=\\d+", ""));
        }
        return definitions;
    }

    /**
     * Asserts that {@code database} holds the same tables, defined the same, with the same rows on both
     * servers, value by value and by CHECKSUM TABLE (which reads the stored records, so it also sees what
     * no expression shows, such as the pad bytes of BINARY columns). Returns the number of rows compared.
     */
    static int assertSame(MariaDbServer source, MariaDbServer target, String database) {
        Map<String, List<List<String>>> expected = database(source, database);
        Map<String, List<List<String>>> actual = database(target, database);
        assertThat(actual.keySet()).as("tables of %s on %s", database, target.name()).isEqualTo(expected.keySet());
        assertThat(definitions(target, database)).as("table definitions in %s on %s", database, target.name())
                .isEqualTo(definitions(source, database));
        int rows = 0;
        for (Map.Entry<String, List<List<String>>> table : expected.entrySet()) {
            assertThat(actual.get(table.getKey()))
                    .as("rows of %s.%s on %s, compared with %s", database, table.getKey(), target.name(), source.name())
                    .containsExactlyElementsOf(table.getValue());
            rows += table.getValue().size();
        }
        assertThat(ChannelFixture.checksums(target, database)).as("CHECKSUM TABLE of %s", database)
                .isEqualTo(ChannelFixture.checksums(source, database));
        return rows;
    }

    private static String expression(String column, String dataType) {
        return switch (dataType) {
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "binary", "varbinary", "tinyblob",
                    "blob", "mediumblob", "longblob", "json", "bit", "geometry", "point", "linestring", "polygon",
                    "multipoint", "multilinestring", "multipolygon", "geometrycollection" -> "HEX(" + column + ")";
            case "float" -> "CAST(CAST(" + column + " AS DOUBLE) AS CHAR)";
            case "timestamp" -> "UNIX_TIMESTAMP(" + column + ")";
            case "enum", "set" -> "CONCAT(HEX(" + column + "), '/', " + column + " + 0)";
            default -> "CAST(" + column + " AS CHAR)";
        };
    }
}
