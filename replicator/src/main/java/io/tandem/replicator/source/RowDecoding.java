package io.tandem.replicator.source;

import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;

/** The row decoder as the pipeline uses it; the decoding itself stays package-private here. */
public final class RowDecoding {

    private RowDecoding() {}

    /**
     * Decodes a row event exactly.
     *
     * @param unsignedByColumn whether each integer column is UNSIGNED, by column index
     * @throws UndecodableEventException when the event does not decode exactly
     */
    public static RowImages decode(RowsChanged event, boolean[] unsignedByColumn) {
        return RowsEventDecoder.decode(event, unsignedByColumn);
    }

    /**
     * The UNSIGNED flags a TABLE_MAP carries (binlog_row_metadata=FULL), or null when it carries none
     * and the table has integer columns, so that the caller must ask the target's information_schema.
     */
    public static boolean[] unsignedFromTableMap(TableMap table) {
        boolean[] unsigned = new boolean[table.columnCount()];
        boolean hasIntegers = false;
        for (int i = 0; i < unsigned.length; i++) {
            if (table.types()[i].isInteger()) {
                hasIntegers = true;
                Boolean flag = table.isUnsigned(i);
                if (flag == null) {
                    break;
                }
                unsigned[i] = flag;
            }
        }
        if (hasIntegers && table.signedness() == null) {
            return null;
        }
        return unsigned;
    }

    /** Whether a column type is an integer whose signedness matters for decoding. */
    static boolean isInteger(ColumnType type) {
        return type.isInteger();
    }
}
