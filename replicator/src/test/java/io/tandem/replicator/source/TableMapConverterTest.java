package io.tandem.replicator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conversion of the library's TABLE_MAP, with the library's objects filled in the way its deserializer
 * fills them (column-indexed signedness, big-endian STRING metadata). {@link RowsEventDecoderIT} checks the same
 * against a real server.
 */
class TableMapConverterTest {

    private static final int VARCHAR = 15;
    private static final int LONG = 3;
    private static final int YEAR = 13;
    private static final int STRING = 254;
    private static final int BLOB = 252;
    private static final int GEOMETRY = 255;
    private static final int BIT = 16;

    @Test
    void reindexesSignednessFromColumnsToNumericOrdinals() {
        // VARCHAR, INT UNSIGNED, YEAR, BIT, INT: the library marks columns 1 and 2.
        TableMapEventData data = data(new int[] {VARCHAR, LONG, YEAR, BIT, LONG}, new int[] {10, 0, 0, 1, 0});
        data.setEventMetadata(metadata(bits(1, 2), List.of("v", "u", "y", "b", "s")));
        TableMap table = TableMapConverter.convert(data);
        assertThat(table.signedness()).isEqualTo(bits(0, 1));
        assertThat(table.isUnsigned(0)).isFalse();
        assertThat(table.isUnsigned(1)).isTrue();
        assertThat(table.isUnsigned(2)).isTrue();
        assertThat(table.isUnsigned(4)).isFalse();
        assertThat(table.table()).isEqualTo(new TableId("d", "t"));
        assertThat(table.types()).containsExactly(ColumnType.VARCHAR, ColumnType.LONG, ColumnType.YEAR, ColumnType.BIT,
                ColumnType.LONG);
        assertThat(table.metadata()).containsExactly(10, 0, 0, 1, 0);
        assertThat(table.columnNames()).containsExactly("v", "u", "y", "b", "s");
        assertThat(table.primaryKey()).as("FULL metadata without a key field: no primary key").isEmpty();
    }

    @Test
    void keepsSignednessEmptyForATableWithoutNumericColumnsAndNullWithoutMetadata() {
        TableMapEventData data = data(new int[] {VARCHAR}, new int[] {10});
        data.setEventMetadata(metadata(null, null));
        assertThat(TableMapConverter.convert(data).signedness()).isEqualTo(new BitSet());
        TableMapEventData numeric = data(new int[] {LONG}, new int[] {0});
        numeric.setEventMetadata(metadata(null, null));
        assertThat(TableMapConverter.convert(numeric).signedness()).isNull();
        assertThat(TableMapConverter.convert(data(new int[] {LONG}, new int[] {0})).signedness()).isNull();
    }

    @Test
    void expandsDefaultCharsetToOneCollationPerCharacterColumnSkippingEnumAndSet() {
        // VARCHAR latin1, ENUM (STRING 0xF701), CHAR utf8mb4 (STRING 0xFE08), INT, TEXT latin1.
        TableMapEventData data = data(new int[] {VARCHAR, STRING, STRING, LONG, BLOB},
                new int[] {10, 0xF701, 0xFE08, 0, 2});
        TableMapEventMetadata metadata = metadata(null, null);
        TableMapEventMetadata.DefaultCharset defaults = new TableMapEventMetadata.DefaultCharset();
        defaults.setDefaultCharsetCollation(8);
        defaults.setCharsetCollations(new LinkedHashMap<>(Map.of(1, 45)));
        metadata.setDefaultCharset(defaults);
        data.setEventMetadata(metadata);
        assertThat(TableMapConverter.convert(data).columnCharsets()).containsExactly(8, 45, 8);
    }

    @Test
    void countsGeometryAsCharacterColumnAsMariaDbDoesAndFillsItInForMySqlShapedLists() {
        TableMapEventData data = data(new int[] {GEOMETRY, VARCHAR}, new int[] {4, 10});
        TableMapEventMetadata mariadb = metadata(null, null);
        mariadb.setColumnCharsets(List.of(63, 45));
        data.setEventMetadata(mariadb);
        assertThat(TableMapConverter.convert(data).columnCharsets()).containsExactly(63, 45);
        TableMapEventMetadata mysql = metadata(null, null);
        mysql.setColumnCharsets(List.of(45));
        data.setEventMetadata(mysql);
        assertThat(TableMapConverter.convert(data).columnCharsets()).containsExactly(63, 45);
    }

    @Test
    void leavesCharsetsUnknownWhenDefaultFormAndGeometryMakeThemAmbiguous() {
        TableMapEventData data = data(new int[] {GEOMETRY, VARCHAR}, new int[] {4, 10});
        TableMapEventMetadata metadata = metadata(null, null);
        TableMapEventMetadata.DefaultCharset defaults = new TableMapEventMetadata.DefaultCharset();
        defaults.setDefaultCharsetCollation(45);
        metadata.setDefaultCharset(defaults);
        data.setEventMetadata(metadata);
        assertThat(TableMapConverter.convert(data).columnCharsets()).isNull();
    }

    @Test
    void takesPrimaryKeyColumnsFromSimpleOrPrefixKeys() {
        TableMapEventData data = data(new int[] {VARCHAR, LONG}, new int[] {80, 0});
        TableMapEventMetadata simple = metadata(new BitSet(), List.of("a", "b"));
        simple.setSimplePrimaryKeys(List.of(1, 0));
        data.setEventMetadata(simple);
        assertThat(TableMapConverter.convert(data).primaryKey()).containsExactly(1, 0);
        TableMapEventMetadata prefix = metadata(new BitSet(), List.of("a", "b"));
        prefix.setPrimaryKeysWithPrefix(new LinkedHashMap<>(Map.of(0, 10)));
        data.setEventMetadata(prefix);
        assertThat(TableMapConverter.convert(data).primaryKey()).containsExactly(0);
        TableMapEventMetadata minimal = metadata(new BitSet(), null);
        data.setEventMetadata(minimal);
        assertThat(TableMapConverter.convert(data).primaryKey()).as("no FULL metadata: unknown").isNull();
    }

    @Test
    void rejectsUnknownTypeCodeAndContradictoryMetadata() {
        assertThatThrownBy(() -> TableMapConverter.convert(data(new int[] {LONG, 242}, new int[] {0, 0})))
                .isInstanceOf(UndecodableEventException.class)
                .hasMessageContaining("TABLE_MAP for d.t (table id 7): column 1 has type code 242");
        TableMapEventData names = data(new int[] {LONG}, new int[] {0});
        names.setEventMetadata(metadata(new BitSet(), List.of("a", "b")));
        assertThatThrownBy(() -> TableMapConverter.convert(names)).hasMessageContaining("2 column names for 1 columns");
        TableMapEventData charsets = data(new int[] {VARCHAR}, new int[] {10});
        TableMapEventMetadata metadata = metadata(null, null);
        metadata.setColumnCharsets(List.of(8, 8, 8));
        charsets.setEventMetadata(metadata);
        assertThatThrownBy(() -> TableMapConverter.convert(charsets))
                .hasMessageContaining("3 column charsets for 1 character columns");
    }

    private static TableMapEventData data(int[] types, int[] metadata) {
        TableMapEventData data = new TableMapEventData();
        data.setTableId(7);
        data.setDatabase("d");
        data.setTable("t");
        byte[] codes = new byte[types.length];
        for (int i = 0; i < types.length; i++) {
            codes[i] = (byte) types[i];
        }
        data.setColumnTypes(codes);
        data.setColumnMetadata(metadata);
        data.setColumnNullability(new BitSet());
        return data;
    }

    private static TableMapEventMetadata metadata(BitSet signedness, List<String> names) {
        TableMapEventMetadata metadata = new TableMapEventMetadata();
        metadata.setSignedness(signedness);
        metadata.setColumnNames(names);
        return metadata;
    }

    private static BitSet bits(int... indexes) {
        BitSet set = new BitSet();
        for (int index : indexes) {
            set.set(index);
        }
        return set;
    }
}
