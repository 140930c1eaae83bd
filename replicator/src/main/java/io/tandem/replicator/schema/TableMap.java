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
 * @param signedness bit set for each numeric column that is UNSIGNED, indexed by numeric-column ordinal; null without metadata
 * @param primaryKey column indexes of the primary key, or null without FULL metadata
 * @param columnCharsets collation id per character column (in order of character columns), or null
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
     * The binlog indexes signedness by numeric-column ordinal, not by column index.
     */
    public Boolean isUnsigned(int column) {
        if (signedness == null) {
            return null;
        }
        int numericOrdinal = 0;
        for (int i = 0; i < column; i++) {
            if (isNumeric(types[i])) {
                numericOrdinal++;
            }
        }
        return signedness.get(numericOrdinal);
    }

    static boolean isNumeric(ColumnType type) {
        return switch (type) {
            case TINY, SHORT, INT24, LONG, LONGLONG, NEWDECIMAL, DECIMAL, FLOAT, DOUBLE, YEAR -> true;
            default -> false;
        };
    }
}
