package io.tandem.replicator.schema;

import io.tandem.replicator.event.TableId;
import java.util.BitSet;
import java.util.List;

/**
 * What a TABLE_MAP event says about a table, in tandem's terms. Column names, signedness, charsets
 * and the primary key are present only when the master writes {@code binlog_row_metadata=FULL};
 * otherwise they are null and the applier looks them up in the target's information_schema.
 *
 * @param tableNumber the binlog's table id, valid until the next TABLE_MAP for the same number
 * @param table database and table name
 * @param types column type per column, in table order
 * @param metadata per-column type metadata exactly as the library reads it (see {@code TableMapEventDataDeserializer})
 * @param nullable which columns are nullable
 * @param columnNames names in order, or null without FULL metadata
 * @param signedness bit set for each numeric column that is UNSIGNED, indexed by numeric-column ordinal (see
 *     {@link ColumnType#hasSignedness()}); null when the master logs no metadata ({@code binlog_row_metadata=NO_LOG})
 * @param primaryKey column indexes of the primary key (empty for a table without one), or null without FULL metadata
 * @param columnCharsets collation id per character column, in column order, or null. Character columns are
 *     CHAR, VARCHAR, BINARY, VARBINARY, the TEXT and BLOB types (MariaDB's JSON is LONGTEXT) and GEOMETRY;
 *     ENUM and SET are not among them, as in MariaDB's {@code Table_map_log_event::init_charset_field}
 */
public record TableMap(
        long tableNumber,
        TableId table,
        ColumnType[] types,
        int[] metadata,
        BitSet nullable,
        List<String> columnNames,
        BitSet signedness,
        List<Integer> primaryKey,
        List<Integer> columnCharsets) {

    public TableMap {
        if (types.length != metadata.length) {
            throw new IllegalArgumentException("TABLE_MAP for " + table + " has " + types.length + " types but "
                    + metadata.length + " metadata entries");
        }
        columnNames = columnNames == null ? null : List.copyOf(columnNames);
        primaryKey = primaryKey == null ? null : List.copyOf(primaryKey);
        columnCharsets = columnCharsets == null ? null : List.copyOf(columnCharsets);
    }

    public int columnCount() {
        return types.length;
    }

    public boolean hasColumnNames() {
        return columnNames != null && columnNames.size() == types.length;
    }

    /**
     * Whether column {@code column} is an UNSIGNED number, or null when the event carries no signedness.
     * The binlog indexes signedness by numeric-column ordinal, not by column index; a column that is not
     * numeric is never UNSIGNED.
     */
    public Boolean isUnsigned(int column) {
        if (signedness == null) {
            return null;
        }
        if (!types[column].hasSignedness()) {
            return false;
        }
        int numericOrdinal = 0;
        for (int i = 0; i < column; i++) {
            if (types[i].hasSignedness()) {
                numericOrdinal++;
            }
        }
        return signedness.get(numericOrdinal);
    }

    /** Kept for callers in this package; the rule lives in {@link ColumnType#hasSignedness()}. */
    static boolean isNumeric(ColumnType type) {
        return type.hasSignedness();
    }
}
