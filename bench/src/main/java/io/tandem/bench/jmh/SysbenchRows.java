package io.tandem.bench.jmh;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.RowsChanged;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.ColumnType;
import io.tandem.replicator.schema.TableMap;
import io.tandem.replicator.schema.TableSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Row events of sysbench's table as MariaDB 10.11 writes them, built byte by byte:
 * {@code sbtest (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL,
 * PRIMARY KEY (id))} in utf8mb4, binlog_row_image=FULL, v1 row events (types 23-25).
 *
 * <p>Layout (checked against a captured event in {@code SysbenchRowsTest}): table id (6 bytes LE), flags
 * (2, STMT_END), column count 4, the present-columns bitmap 0x0f (twice for an update), then per image a
 * null bitmap (one byte; the server sets the four unused bits, 0xf0), id and k as 4-byte little-endian
 * integers, c with a 2-byte length (CHAR(120) utf8mb4 may hold 480 bytes) and pad with a 1-byte length
 * (240 bytes at most). The values follow sysbench's templates: c is eleven groups of 11 digits, pad five.
 */
public final class SysbenchRows {

    static final long TABLE_NUMBER = 18;
    static final TableId TABLE = new TableId("sbtest", "sbtest1");
    /** CHAR(120) and CHAR(60) in utf8mb4: STRING metadata with the length's high bits folded into the type byte. */
    static final int C_METADATA = 0xEEE0;
    static final int PAD_METADATA = 0xFEF0;

    private SysbenchRows() {}

    /** The TABLE_MAP as the source converts it, with FULL metadata (names, signedness, primary key). */
    public static TableMap tableMap() {
        BitSet signedness = new BitSet();
        return new TableMap(TABLE_NUMBER, TABLE,
                new ColumnType[] {ColumnType.LONG, ColumnType.LONG, ColumnType.STRING, ColumnType.STRING},
                new int[] {0, 0, C_METADATA, PAD_METADATA}, new BitSet(), List.of("id", "k", "c", "pad"), signedness,
                List.of(0), List.of(45, 45));
    }

    /** The target's layout of the same table, as information_schema gives it. */
    public static TableSchema tableSchema() {
        return new TableSchema(TABLE, List.of(
                new TableSchema.Column("id", "int", false, false, 0),
                new TableSchema.Column("k", "int", false, false, 0),
                new TableSchema.Column("c", "char", false, false, 0),
                new TableSchema.Column("pad", "char", false, false, 0)), List.of(0), List.of(), Set.of());
    }

    /** One row's values, as {@link RowImages} carries them: Long, Long, byte[], byte[]. */
    public record Row(long id, long k, String c, String pad) {
        Object[] values() {
            return new Object[] {id, k, c.getBytes(StandardCharsets.US_ASCII), pad.getBytes(StandardCharsets.US_ASCII)};
        }
    }

    /** {@code count} rows with sysbench-like random values, the same for the same seed. */
    public static List<Row> rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Row(1 + random.nextInt(100_000), random.nextInt(100_000), digitGroups(random, 10),
                    digitGroups(random, 5)));
        }
        return rows;
    }

    /** A row event of {@code kind} for {@code rows}; an update changes k to k+1, as oltp_write_only's index update. */
    public static RowsChanged event(RowChange kind, List<Row> rows) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        littleEndian(body, TABLE_NUMBER, 6);
        littleEndian(body, RowsChanged.STMT_END, 2);
        body.write(4);
        body.write(0x0f);
        if (kind == RowChange.UPDATE) {
            body.write(0x0f);
        }
        for (Row row : rows) {
            image(body, row);
            if (kind == RowChange.UPDATE) {
                image(body, new Row(row.id(), row.k() + 1, row.c(), row.pad()));
            }
        }
        return new RowsChanged(new BinlogPosition("mysql-bin.000001", 4), kind, tableMap(), RowsChanged.STMT_END,
                body.toByteArray(), 1, 4 + body.size());
    }

    /** The decoded images of {@link #event}, as the applier receives them. */
    public static RowImages images(RowChange kind, List<Row> rows) {
        BitSet all = new BitSet();
        all.set(0, 4);
        List<Object[]> before = new ArrayList<>();
        List<Object[]> after = new ArrayList<>();
        for (Row row : rows) {
            switch (kind) {
                case INSERT -> after.add(row.values());
                case DELETE -> before.add(row.values());
                case UPDATE -> {
                    before.add(row.values());
                    after.add(new Row(row.id(), row.k() + 1, row.c(), row.pad()).values());
                }
            }
        }
        return new RowImages(kind, before, after, kind == RowChange.INSERT ? new BitSet() : all,
                kind == RowChange.DELETE ? new BitSet() : all);
    }

    private static void image(ByteArrayOutputStream body, Row row) {
        body.write(0xf0);
        littleEndian(body, row.id(), 4);
        littleEndian(body, row.k(), 4);
        byte[] c = row.c().getBytes(StandardCharsets.US_ASCII);
        littleEndian(body, c.length, 2);
        body.writeBytes(c);
        byte[] pad = row.pad().getBytes(StandardCharsets.US_ASCII);
        body.write(pad.length);
        body.writeBytes(pad);
    }

    private static String digitGroups(SplittableRandom random, int groups) {
        StringBuilder text = new StringBuilder();
        for (int g = 0; g <= groups; g++) {
            if (g > 0) {
                text.append('-');
            }
            for (int d = 0; d < 11; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
        }
        return text.toString();
    }

    private static void littleEndian(ByteArrayOutputStream out, long value, int size) {
        for (int i = 0; i < size; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
