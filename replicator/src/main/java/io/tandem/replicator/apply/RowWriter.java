package io.tandem.replicator.apply;

import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.RowImages;
import io.tandem.replicator.event.TableId;
import io.tandem.replicator.schema.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Turns decoded row images into parameterised statements on the target.
 *
 * <p>Rows are located by the table's row identity (primary key, else a unique NOT NULL key); a table
 * without one is matched on every column of the before-image with the null-safe {@code <=>} and
 * {@code LIMIT 1}, as a native replica matches whole records. Generated columns are never written.
 *
 * <p>Values are bound as the decoder produced them: string and binary columns as raw bytes, which the
 * server stores as they are in the column's own charset, so no charset conversion can alter them.
 */
final class RowWriter {

    /** The outcome of one row of an UPDATE or DELETE: whether a row matched. */
    record RowOutcome(int row, boolean found) {}

    private RowWriter() {}

    /** One multi-row INSERT for all rows of the event. */
    static void insert(Connection connection, TableSchema schema, RowImages images, boolean upsert)
            throws SQLException {
        refuseTriggers(schema, RowChange.INSERT);
        if (upsert) {
            refuseTriggers(schema, RowChange.UPDATE);
        }
        List<Integer> columns = writableColumns(schema, images.columnsAfter());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(schema.table().quoted()).append(" (");
        appendColumnList(sql, schema, columns);
        sql.append(") VALUES ");
        String tuple = "(" + "?,".repeat(columns.size()).substring(0, Math.max(0, 2 * columns.size() - 1)) + ")";
        for (int i = 0; i < images.after().size(); i++) {
            sql.append(i == 0 ? "" : ",").append(tuple);
        }
        if (upsert) {
            sql.append(" ON DUPLICATE KEY UPDATE ");
            for (int i = 0; i < columns.size(); i++) {
                String name = TableId.quote(schema.columns().get(columns.get(i)).name());
                sql.append(i == 0 ? "" : ",").append(name).append("=VALUES(").append(name).append(')');
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Object[] row : images.after()) {
                for (int column : columns) {
                    bind(statement, index++, storedForm(schema, column, row[column]));
                }
            }
            statement.executeUpdate();
        }
    }

    /** A batch of single-row UPDATEs; returns which rows matched nothing. */
    static List<Integer> update(Connection connection, TableSchema schema, RowImages images) throws SQLException {
        refuseTriggers(schema, RowChange.UPDATE);
        List<Integer> setColumns = writableColumns(schema, images.columnsAfter());
        List<Integer> whereColumns = identityColumns(schema, images.columnsBefore());
        boolean wholeRow = schema.rowIdentity().isEmpty();
        StringBuilder sql = new StringBuilder("UPDATE ").append(schema.table().quoted()).append(" SET ");
        for (int i = 0; i < setColumns.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(TableId.quote(schema.columns().get(setColumns.get(i)).name()))
                    .append("=?");
        }
        appendWhere(sql, schema, whereColumns, wholeRow);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int r = 0; r < images.before().size(); r++) {
                int index = 1;
                for (int column : setColumns) {
                    bind(statement, index++, storedForm(schema, column, images.after().get(r)[column]));
                }
                for (int column : whereColumns) {
                    bind(statement, index++, storedForm(schema, column, images.before().get(r)[column]));
                }
                statement.addBatch();
            }
            return rowsNotFound(statement.executeBatch());
        }
    }

    /** A batch of single-row DELETEs; returns which rows matched nothing. */
    static List<Integer> delete(Connection connection, TableSchema schema, RowImages images) throws SQLException {
        refuseTriggers(schema, RowChange.DELETE);
        List<Integer> whereColumns = identityColumns(schema, images.columnsBefore());
        boolean wholeRow = schema.rowIdentity().isEmpty();
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(schema.table().quoted());
        appendWhere(sql, schema, whereColumns, wholeRow);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (Object[] row : images.before()) {
                int index = 1;
                for (int column : whereColumns) {
                    bind(statement, index++, storedForm(schema, column, row[column]));
                }
                statement.addBatch();
            }
            return rowsNotFound(statement.executeBatch());
        }
    }

    /** Inserts the after-image of one updated row (idempotent mode, when the row to update was missing). */
    static void insertAfterImage(Connection connection, TableSchema schema, RowImages images, int row)
            throws SQLException {
        RowImages single = new RowImages(images.kind(), List.of(), java.util.Collections.singletonList(images.after().get(row)),
                images.columnsBefore(), images.columnsAfter());
        insert(connection, schema, single, true);
    }

    /** A readable form of the statement for error messages and the skip log; values are not included. */
    static String describe(TableSchema schema, RowImages images) {
        return images.kind() + " of " + images.rowCount() + " row(s) in " + schema.table();
    }

    private static List<Integer> rowsNotFound(int[] counts) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                // Without counts a missing row would go unnoticed: refuse rather than guess.
                throw new IllegalStateException("the JDBC driver returned no row count (" + counts[i]
                        + ") for a batched statement; create target pools with TargetDataSources (useBulkStmts=false)");
            }
            // The driver reports found rows (not changed rows), so an unchanged matching row still counts 1.
            if (counts[i] == 0) {
                missing.add(i);
            }
        }
        return missing;
    }

    private static void appendWhere(StringBuilder sql, TableSchema schema, List<Integer> columns, boolean wholeRow) {
        sql.append(" WHERE ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(TableId.quote(schema.columns().get(columns.get(i)).name()))
                    .append(wholeRow ? " <=> ?" : " = ?");
        }
        if (wholeRow) {
            sql.append(" LIMIT 1");
        }
    }

    /**
     * Row changes are written through SQL, which fires the target's triggers. A native replica applies rows
     * below SQL and fires none (slave_run_triggers_for_rbr=NO): the master already logged what its triggers
     * did as row events of their own, and a trigger firing again on the target would do it twice, or with
     * the target's clock and counters. Refused rather than applied approximately.
     */
    private static void refuseTriggers(TableSchema schema, RowChange change) throws SQLException {
        if (schema.triggeredChanges().contains(change)) {
            throw new SQLException("table " + schema.table() + " has " + change + " triggers on the target: applying the"
                    + " master's row events through SQL would fire them, although the master logged their effects"
                    + " as row events already. Drop the triggers on the target (they run on the master), or exclude"
                    + " the table from this channel", "HY000");
        }
    }

    /**
     * A row value as the target stores it. The fixed-length binary types are the ones whose binlog value
     * differs from the stored one: the master strips trailing 0x00 bytes when logging. BINARY(n) pads them
     * back on insert, but compares unequal with the shorter string (binary strings do not pad), so a row
     * could not be found by it; INET6 and UUID accept nothing but 16 bytes, and outside strict mode (as row
     * events run) store NULL with only a warning. Padded back to the full length, the value is exact.
     */
    static Object storedForm(TableSchema schema, int column, Object value) {
        int length = schema.columns().get(column).binaryLength();
        if (value instanceof byte[] bytes && bytes.length < length) {
            return Arrays.copyOf(bytes, length);
        }
        return value;
    }

    private static void appendColumnList(StringBuilder sql, TableSchema schema, List<Integer> columns) {
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(TableId.quote(schema.columns().get(columns.get(i)).name()));
        }
    }

    private static List<Integer> writableColumns(TableSchema schema, BitSet present) {
        List<Integer> columns = new ArrayList<>();
        for (int i = present.nextSetBit(0); i >= 0 && i < schema.columns().size(); i = present.nextSetBit(i + 1)) {
            if (!schema.columns().get(i).generated()) {
                columns.add(i);
            }
        }
        return columns;
    }

    private static List<Integer> identityColumns(TableSchema schema, BitSet present) throws SQLException {
        List<Integer> identity = schema.rowIdentity();
        if (!identity.isEmpty()) {
            for (int column : identity) {
                if (!present.get(column)) {
                    throw new SQLException("the before-image of " + schema.table() + " lacks key column "
                            + schema.columns().get(column).name() + " (binlog_row_image must be FULL or MINIMAL)");
                }
            }
            return identity;
        }
        return writableColumns(schema, present);
    }

    static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case Long number -> statement.setLong(index, number);
            case Integer number -> statement.setInt(index, number);
            case BigInteger number -> statement.setBigDecimal(index, new BigDecimal(number));
            case BigDecimal number -> statement.setBigDecimal(index, number);
            // A float widens to a double exactly; the server rounds it back to the same float.
            case Float number -> statement.setDouble(index, number.doubleValue());
            case Double number -> statement.setDouble(index, number);
            case String literal -> statement.setString(index, literal);
            case byte[] bytes -> statement.setBytes(index, bytes);
            default -> throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
        }
    }
}
