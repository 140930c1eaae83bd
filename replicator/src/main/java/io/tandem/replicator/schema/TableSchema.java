package io.tandem.replicator.schema;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.TableId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A target table as {@code information_schema} describes it: what the applier needs to write rows
 * that the binlog identifies only by column position.
 *
 * @param table the table
 * @param columns every column, in ordinal order
 * @param primaryKey column indexes of the primary key, empty when there is none
 * @param uniqueNotNullKeys column indexes of each unique key whose columns are all NOT NULL
 * @param triggeredChanges the changes for which the target table has triggers (INSERT, UPDATE, DELETE)
 * @param keysIsolateRows whether changes of rows with different key values never wait for each other's locks:
 *     every unique key is among the keys above, and no foreign key refers to or from the table (a parallel
 *     applier may then order transactions by key values alone)
 */
public record TableSchema(TableId table, List<Column> columns, List<Integer> primaryKey,
        List<List<Integer>> uniqueNotNullKeys, Set<RowChange> triggeredChanges, boolean keysIsolateRows) {

    /** A table whose row locks are not known to follow its keys. */
    public TableSchema(TableId table, List<Column> columns, List<Integer> primaryKey,
            List<List<Integer>> uniqueNotNullKeys, Set<RowChange> triggeredChanges) {
        this(table, columns, primaryKey, uniqueNotNullKeys, triggeredChanges, false);
    }

    public TableSchema {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueNotNullKeys = List.copyOf(uniqueNotNullKeys);
        triggeredChanges = triggeredChanges.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(triggeredChanges));
    }

    /**
     * @param name column name
     * @param dataType information_schema DATA_TYPE, lower case
     * @param unsigned whether the column is UNSIGNED
     * @param generated whether it is a generated (virtual or stored) column, which takes no value on write
     * @param binaryLength for the fixed-length binary types (BINARY(n), and MariaDB's INET6 and UUID, which are
     *     16 bytes stored the same way), their length in bytes: the server stores them padded with 0x00 to it,
     *     while the binlog carries them with trailing zero bytes stripped; 0 for every other type
     */
    public record Column(String name, String dataType, boolean unsigned, boolean generated, int binaryLength) {

        public Column {
            if (binaryLength < 0) {
                throw new IllegalArgumentException("BINARY length of " + name + " must not be negative: " + binaryLength);
            }
        }
    }

    /**
     * The first {@code count} columns, as a source with fewer columns sees this table. Native replication
     * accepts a target with extra trailing columns (they take their defaults); keys that reach beyond
     * the prefix cannot be used to find rows and are dropped.
     */
    public TableSchema prefix(int count) {
        if (count >= columns.size()) {
            return this;
        }
        List<Integer> keptPrimaryKey = primaryKey.stream().allMatch(c -> c < count) ? primaryKey : List.of();
        List<List<Integer>> keptUnique = uniqueNotNullKeys.stream()
                .filter(key -> key.stream().allMatch(c -> c < count)).toList();
        // A key beyond the prefix has no value in the source's images: its locks cannot be predicted.
        boolean allKept = keptPrimaryKey.size() == primaryKey.size() && keptUnique.size() == uniqueNotNullKeys.size();
        return new TableSchema(table, columns.subList(0, count), keptPrimaryKey, keptUnique, triggeredChanges,
                keysIsolateRows && allKept);
    }

    /** The key that identifies a row: the primary key, else a unique NOT NULL key, else empty (all columns). */
    public List<Integer> rowIdentity() {
        if (!primaryKey.isEmpty()) {
            return primaryKey;
        }
        return uniqueNotNullKeys.isEmpty() ? List.of() : uniqueNotNullKeys.get(0);
    }
}
