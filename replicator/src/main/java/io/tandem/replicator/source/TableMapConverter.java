package io.tandem.replicator.source;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Maps the library's TABLE_MAP to tandem's {@link TableMap}.
 *
 * <p>What the library hands over, verified against MariaDB 10.11:
 * <ul>
 *   <li>Metadata per column as {@code TableMapEventDataDeserializer} read it: little-endian for
 *       VARCHAR, BIT and NEWDECIMAL, <em>big-endian</em> for STRING (real type in the high byte, so
 *       ENUM and SET hide there as 0xF7 and 0xF8), one byte for FLOAT, DOUBLE, BLOB, JSON, GEOMETRY and
 *       the fsp of TIME2/DATETIME2/TIMESTAMP2, nothing for the rest. {@link RowsEventDecoder} reads
 *       these ints the same way.
 *   <li>Signedness already spread onto column indexes (bit <i>i</i> = column <i>i</i> is UNSIGNED),
 *       counting YEAR as numeric as MariaDB does. {@link TableMap} wants it by numeric ordinal.
 *   <li>Signedness, column charsets and geometry types are present with {@code binlog_row_metadata=MINIMAL}
 *       too; names, primary key, ENUM/SET values and charsets need FULL; NO_LOG gives none.
 *   <li>Charsets either as one collation per character column (COLUMN_CHARSET) or as a default plus
 *       exceptions keyed by character-column ordinal (DEFAULT_CHARSET), whichever the server found
 *       shorter.
 * </ul>
 *
 * <p>Names and identifiers are decoded by the library with the JVM's default charset; tandem requires that
 * to be UTF-8 (the default since JDK 18), the charset the server writes identifiers in.
 */
final class TableMapConverter {

    private static final int BINARY_COLLATION = 63;
    private static final int ENUM_REAL_TYPE = 0xF7;
    private static final int SET_REAL_TYPE = 0xF8;

    private TableMapConverter() {}

    /**
     * @throws UndecodableEventException if the event names a column type tandem does not know, or its
     *     metadata contradicts itself (more names than columns, a charset for a column that does not exist)
     */
    static TableMap convert(TableMapEventData data) {
        requireUtf8DefaultCharset();
        TableId table = new TableId(data.getDatabase(), data.getTable());
        byte[] codes = data.getColumnTypes();
        ColumnType[] types = new ColumnType[codes.length];
        for (int i = 0; i < codes.length; i++) {
            try {
                types[i] = ColumnType.ofCode(codes[i] & 0xFF);
            } catch (IllegalArgumentException e) {
                throw failure(data, "column " + i + " has type code " + (codes[i] & 0xFF) + ", which tandem cannot"
                        + " decode");
            }
        }
        int[] metadata = data.getColumnMetadata().clone();
        TableMapEventMetadata optional = data.getEventMetadata();
        List<String> names = optional == null ? null : optional.getColumnNames();
        if (names != null && names.size() != types.length) {
            throw failure(data, names.size() + " column names for " + types.length + " columns");
        }
        return new TableMap(
                data.getTableId(),
                table,
                types,
                metadata,
                (BitSet) data.getColumnNullability().clone(),
                names,
                optional == null ? null : signednessByOrdinal(types, optional.getSignedness()),
                optional == null ? null : primaryKey(data, optional),
                optional == null ? null : characterColumnCollations(data, types, metadata, optional));
    }

    /** The library's column-indexed bits, re-indexed by numeric-column ordinal as {@link TableMap} keeps them. */
    private static BitSet signednessByOrdinal(ColumnType[] types, BitSet byColumn) {
        if (byColumn == null) {
            // The server writes no signedness field for a table without numeric columns.
            boolean hasNumeric = false;
            for (ColumnType type : types) {
                hasNumeric |= type.hasSignedness();
            }
            return hasNumeric ? null : new BitSet();
        }
        BitSet byOrdinal = new BitSet();
        int ordinal = 0;
        for (int column = 0; column < types.length; column++) {
            if (types[column].hasSignedness()) {
                byOrdinal.set(ordinal, byColumn.get(column));
                ordinal++;
            }
        }
        return byOrdinal;
    }

    private static List<Integer> primaryKey(TableMapEventData data, TableMapEventMetadata optional) {
        List<Integer> columns;
        if (optional.getSimplePrimaryKeys() != null) {
            columns = optional.getSimplePrimaryKeys();
        } else if (optional.getPrimaryKeysWithPrefix() != null) {
            // A prefix key (PRIMARY KEY (name(10))) still names whole columns; the prefix length does not matter here.
            columns = List.copyOf(optional.getPrimaryKeysWithPrefix().keySet());
        } else {
            // FULL metadata always carries the names; without a key field the table has no primary key.
            return optional.getColumnNames() != null ? List.of() : null;
        }
        for (int column : columns) {
            if (column < 0 || column >= data.getColumnTypes().length) {
                throw failure(data, "primary key names column " + column + " of " + data.getColumnTypes().length);
            }
        }
        return columns;
    }

    /**
     * One collation per character column, in column order. MariaDB counts GEOMETRY among the character
     * columns (binary collation), MySQL does not; a COLUMN_CHARSET list tells by its length which rule
     * the master used, and a MySQL-shaped list gets the binary collation inserted for its GEOMETRY
     * columns. A DEFAULT_CHARSET block on a table with GEOMETRY columns is ambiguous between the two
     * and gives null (unknown) rather than a guess.
     */
    private static List<Integer> characterColumnCollations(
            TableMapEventData data, ColumnType[] types, int[] metadata, TableMapEventMetadata optional) {
        List<Integer> characterColumns = new ArrayList<>();
        int geometryColumns = 0;
        for (int i = 0; i < types.length; i++) {
            if (isCharacterColumn(types[i], metadata[i])) {
                characterColumns.add(i);
                if (types[i] == ColumnType.GEOMETRY) {
                    geometryColumns++;
                }
            }
        }
        List<Integer> listed = optional.getColumnCharsets();
        if (listed != null) {
            if (listed.size() == characterColumns.size()) {
                return listed;
            }
            if (listed.size() == characterColumns.size() - geometryColumns) {
                List<Integer> collations = new ArrayList<>();
                int next = 0;
                for (int column : characterColumns) {
                    collations.add(types[column] == ColumnType.GEOMETRY ? BINARY_COLLATION : listed.get(next++));
                }
                return collations;
            }
            throw failure(data, listed.size() + " column charsets for " + characterColumns.size()
                    + " character columns");
        }
        TableMapEventMetadata.DefaultCharset defaults = optional.getDefaultCharset();
        if (defaults == null || geometryColumns > 0) {
            return null;
        }
        List<Integer> collations = new ArrayList<>();
        for (int i = 0; i < characterColumns.size(); i++) {
            collations.add(defaults.getDefaultCharsetCollation());
        }
        Map<Integer, Integer> exceptions = defaults.getCharsetCollations();
        if (exceptions != null) {
            for (Map.Entry<Integer, Integer> exception : exceptions.entrySet()) {
                if (exception.getKey() >= collations.size()) {
                    throw failure(data, "charset given for character column " + exception.getKey() + " of "
                            + collations.size());
                }
                collations.set(exception.getKey(), exception.getValue());
            }
        }
        return collations;
    }

    private static boolean isCharacterColumn(ColumnType type, int metadata) {
        return switch (type) {
            case VARCHAR, VAR_STRING, BLOB, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, GEOMETRY -> true;
            case STRING -> {
                int realType = metadata >> 8;
                yield realType != ENUM_REAL_TYPE && realType != SET_REAL_TYPE;
            }
            default -> false;
        };
    }

    private static void requireUtf8DefaultCharset() {
        if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8)) {
            throw new IllegalStateException("The binlog library decodes database, table and column names with the JVM"
                    + " default charset, which is " + Charset.defaultCharset() + "; run tandem with"
                    + " -Dfile.encoding=UTF-8 so that non-ASCII names arrive intact.");
        }
    }

    private static UndecodableEventException failure(TableMapEventData data, String what) {
        return new UndecodableEventException("Cannot use TABLE_MAP for " + data.getDatabase() + "." + data.getTable()
                + " (table id " + data.getTableId() + "): " + what + ".");
    }
}
