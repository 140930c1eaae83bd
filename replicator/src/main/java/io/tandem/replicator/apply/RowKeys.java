package io.tandem.replicator.apply;

import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.schema.TableSchema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The key values a transaction's row changes touch, as 64-bit hashes: two transactions that share one may lock
 * the same index record on the target, and are applied in source order ({@link ParallelApplier}).
 *
 * <p>Every key of a row that identifies it (the primary key and each unique key) is taken from every image
 * that holds it: an UPDATE that moves a row from one key value to another conflicts with both. Hashes may
 * collide; a collision only makes two transactions wait for each other that need not. What must not happen is
 * two equal values with different hashes, so string values are folded the way MariaDB's default collations
 * compare them (case, accents, trailing spaces) before hashing: values the server calls equal lock the same
 * index record. Where that cannot be known (a value that is not UTF-8 text), all values of that key of the
 * table share one hash.
 *
 * <p>Not thread-safe: one per transaction, on the apply stage's thread.
 */
public final class RowKeys {

    private long[] hashes = new long[16];
    private int size;

    /** Tables whose row changes cannot be ordered by key: no key, keys the images lack, triggers, foreign keys. */
    public static boolean keysIsolateRows(TableSchema schema) {
        return schema.keysIsolateRows() && !schema.rowIdentity().isEmpty() && schema.triggeredChanges().isEmpty();
    }

    /**
     * Adds the keys of every row in {@code images}; false when a key value is missing from an image (a row image
     * that is not FULL), which leaves the transaction to be applied on its own.
     */
    public boolean add(TableSchema schema, RowImages images) {
        List<List<Integer>> keys = keysOf(schema);
        long tableHash = schema.table().toString().toLowerCase(Locale.ROOT).hashCode() * 0x9E3779B97F4A7C15L;
        for (Object[] row : images.before()) {
            if (!addRow(schema, keys, tableHash, row, images.columnsBefore())) {
                return false;
            }
        }
        for (Object[] row : images.after()) {
            if (!addRow(schema, keys, tableHash, row, images.columnsAfter())) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        return size;
    }

    /** The hashes added so far, in the order added (duplicates possible). */
    public long[] hashes() {
        return Arrays.copyOf(hashes, size);
    }

    /** Forgets the hashes added after the first {@code kept}. */
    public void truncate(int kept) {
        size = Math.min(size, kept);
    }

    private static List<List<Integer>> keysOf(TableSchema schema) {
        List<List<Integer>> keys = new java.util.ArrayList<>(schema.uniqueNotNullKeys().size() + 1);
        if (!schema.primaryKey().isEmpty()) {
            keys.add(schema.primaryKey());
        }
        keys.addAll(schema.uniqueNotNullKeys());
        return keys;
    }

    private boolean addRow(TableSchema schema, List<List<Integer>> keys, long tableHash, Object[] row, BitSet present) {
        for (int k = 0; k < keys.size(); k++) {
            long hash = mix(tableHash + k);
            for (int column : keys.get(k)) {
                if (!present.get(column)) {
                    return false;
                }
                hash = mix(hash ^ valueHash(schema.columns().get(column), row[column]));
            }
            append(hash);
        }
        return true;
    }

    private void append(long hash) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size++] = hash;
    }

    private static final Set<String> TEXT_TYPES = Set.of("char", "varchar", "tinytext", "text", "mediumtext",
            "longtext", "enum", "set");

    private static long valueHash(TableSchema.Column column, Object value) {
        return switch (value) {
            case null -> 0x5bd1e995L;
            case byte[] bytes when TEXT_TYPES.contains(column.dataType()) -> foldedText(bytes);
            case byte[] bytes -> Arrays.hashCode(bytes);
            case java.math.BigDecimal decimal -> decimal.stripTrailingZeros().hashCode();
            case String text -> text.hashCode();
            default -> value.hashCode();
        };
    }

    /**
     * A hash equal for every two strings that a case- and accent-insensitive collation with PAD SPACE calls
     * equal; text that is not valid UTF-8 hashes to one constant (equal to every other such value).
     */
    private static long foldedText(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return 0x27d4eb2dL;
        }
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).stripTrailing();
        return folded.hashCode();
    }

    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
