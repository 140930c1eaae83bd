package io.tandem.replicator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.event.TableId;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * {@link TableMap#isUnsigned} once answered for a VARCHAR column with the bit of the next numeric
 * column, because it counted the ordinal without asking whether the column itself is numeric: a VARCHAR
 * before an INT UNSIGNED read as "unsigned" and an INT after a YEAR could read the YEAR's bit.
 */
class TableMapTest {

    // VARCHAR, INT UNSIGNED, YEAR, BIT, INT, DECIMAL UNSIGNED: numeric ordinals 0 (INT), 1 (YEAR), 2 (INT), 3 (DECIMAL).
    private static final ColumnType[] TYPES = {ColumnType.VARCHAR, ColumnType.LONG, ColumnType.YEAR, ColumnType.BIT,
            ColumnType.LONG, ColumnType.NEWDECIMAL};

    @Test
    void answersSignednessByNumericOrdinalAndFalseForOtherColumns() {
        BitSet unsignedByOrdinal = new BitSet();
        unsignedByOrdinal.set(0); // INT UNSIGNED
        unsignedByOrdinal.set(1); // YEAR: MariaDB always sets it
        unsignedByOrdinal.set(3); // DECIMAL UNSIGNED
        TableMap table = table(unsignedByOrdinal);
        assertThat(table.isUnsigned(0)).isFalse();
        assertThat(table.isUnsigned(1)).isTrue();
        assertThat(table.isUnsigned(2)).isTrue();
        assertThat(table.isUnsigned(3)).isFalse();
        assertThat(table.isUnsigned(4)).isFalse();
        assertThat(table.isUnsigned(5)).isTrue();
    }

    @Test
    void answersNullWithoutSignednessMetadata() {
        assertThat(table(null).isUnsigned(1)).isNull();
    }

    private static TableMap table(BitSet signedness) {
        return new TableMap(1, new TableId("d", "t"), TYPES, new int[TYPES.length], new BitSet(), null, signedness,
                null, null);
    }
}
