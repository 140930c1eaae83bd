package io.tandem.replicator.schema;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.replicator.event.RowChange;
import io.tandem.replicator.event.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Target table layouts, read from {@code information_schema} and cached.
 *
 * <p>Call it inside the applier's open transaction: the lookup takes the table's metadata lock.
 *
 * <p>Ordering: the applier looks tables up on its own connection, in binlog order, so a DDL earlier in
 * the stream has already run on the target and the layout read matches the row event being applied.
 * Every applied DDL invalidates the cache ({@link #invalidateAll()}): DDL is rare, and parsing which
 * tables a statement renames or drops is not worth the risk of missing one.
 */
public final class SchemaCache {

    private final Cache<TableId, TableSchema> tables = Caffeine.newBuilder().maximumSize(10_000).build();

    /** The layout of {@code table}, loaded through {@code connection} when not cached. */
    public TableSchema get(Connection connection, TableId table) throws SQLException {
        TableSchema cached = tables.getIfPresent(table);
        if (cached != null) {
            return cached;
        }
        TableSchema loaded = load(connection, table);
        tables.put(table, loaded);
        return loaded;
    }

    public void invalidate(TableId table) {
        tables.invalidate(table);
    }

    public void invalidateAll() {
        tables.invalidateAll();
    }

    /**
     * Row events of a system-versioned table cannot be applied exactly through SQL. The master logs an
     * UPDATE as the new current row plus a WRITE of the history row, and a DELETE as an UPDATE of
     * row_end, all with its own row_start and row_end values; on the target an UPDATE or DELETE makes
     * history of its own, with the target's clock, and INSERT takes row_start and row_end from the clock
     * too. Refused with a message rather than applied approximately.
     */
    private static void refuseSystemVersioned(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT TABLE_TYPE FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            select.setString(1, table.database());
            select.setString(2, table.table());
            try (ResultSet row = select.executeQuery()) {
                if (row.next() && "SYSTEM VERSIONED".equalsIgnoreCase(row.getString(1))) {
                    throw new SQLException("table " + table + " is system-versioned (WITH SYSTEM VERSIONING): tandem"
                            + " cannot apply its row events exactly, because an UPDATE or DELETE on the target writes"
                            + " history of its own, with the target's clock. Exclude the table from this channel"
                            + " (replicate-ignore-table) and copy it by other means, or write it with"
                            + " binlog_format=STATEMENT, whose replay keeps the master's time", "HY000");
                }
            }
        }
    }

    /** Bytes of a fixed-length binary type, which the binlog logs without its trailing zero bytes; else 0. */
    private static int binaryLength(String dataType, long octetLength) {
        return switch (dataType) {
            case "binary" -> (int) octetLength; // at most 255
            // MariaDB's fixed binary types (Type_handler_fbt) log and store like BINARY(16) and BINARY(4).
            case "inet6", "uuid" -> 16;
            case "inet4" -> 4;
            default -> 0;
        };
    }

    private static TableSchema load(Connection connection, TableId table) throws SQLException {
        // information_schema silently leaves out a table whose definition a concurrent DDL is changing
        // (warning 1684 ER_WARN_I_S_SKIPPED_TABLE) when the reading session holds locks, as the applier's
        // open transaction does. Opening the table first waits for that DDL and keeps it out until commit.
        try (Statement open = connection.createStatement()) {
            open.executeQuery("SELECT 1 FROM " + table.quoted() + " LIMIT 0").close();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                throw new SQLException("table " + table + " does not exist on the target", "42S02", 1146, e);
            }
            throw e;
        }
        refuseSystemVersioned(connection, table);
        List<TableSchema.Column> columns = new ArrayList<>();
        Map<String, Integer> ordinalByName = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE,"
                + " EXTRA, IS_NULLABLE, CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
            select.setString(1, table.database());
            select.setString(2, table.table());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String extra = row.getString(4) == null ? "" : row.getString(4).toUpperCase(Locale.ROOT);
                    String name = row.getString(1);
                    String dataType = row.getString(2).toLowerCase(Locale.ROOT);
                    ordinalByName.put(name.toLowerCase(Locale.ROOT), columns.size());
                    columns.add(new TableSchema.Column(name, dataType,
                            row.getString(3).toLowerCase(Locale.ROOT).contains("unsigned"),
                            extra.contains("GENERATED"), binaryLength(dataType, row.getLong(6))));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " does not exist on the target", "42S02", 1146);
        }
        Map<String, List<Integer>> uniqueKeys = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME, NULLABLE,"
                + " SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
            select.setString(1, table.database());
            select.setString(2, table.table());
            Map<String, Boolean> usable = new LinkedHashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String index = row.getString(1);
                    Integer ordinal = ordinalByName.get(row.getString(2).toLowerCase(Locale.ROOT));
                    boolean nullable = "YES".equalsIgnoreCase(row.getString(3));
                    // A prefix index does not identify a row by the column's full value.
                    boolean prefix = row.getObject(4) != null;
                    uniqueKeys.computeIfAbsent(index, k -> new ArrayList<>()).add(ordinal == null ? -1 : ordinal);
                    usable.merge(index, ordinal != null && !nullable && !prefix, Boolean::logicalAnd);
                }
            }
            List<Integer> primaryKey = List.of();
            List<List<Integer>> uniqueNotNull = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> key : uniqueKeys.entrySet()) {
                if (!usable.get(key.getKey())) {
                    continue;
                }
                if (key.getKey().equals("PRIMARY")) {
                    primaryKey = key.getValue();
                } else {
                    uniqueNotNull.add(key.getValue());
                }
            }
            boolean everyUniqueKeyKnown = usable.values().stream().allMatch(Boolean::booleanValue);
            return new TableSchema(table, columns, primaryKey, uniqueNotNull, triggeredChanges(connection, table),
                    everyUniqueKeyKnown && !hasForeignKeys(connection, table));
        }
    }

    /** Whether a foreign key refers from or to the table: its checks lock rows of the other table. */
    private static boolean hasForeignKeys(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM"
                + " information_schema.REFERENTIAL_CONSTRAINTS WHERE (CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?)"
                + " OR (UNIQUE_CONSTRAINT_SCHEMA = ? AND REFERENCED_TABLE_NAME = ?) LIMIT 1")) {
            select.setString(1, table.database());
            select.setString(2, table.table());
            select.setString(3, table.database());
            select.setString(4, table.table());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The layout of {@code table} if it is cached; never reads the target. */
    public TableSchema cached(TableId table) {
        return tables.getIfPresent(table);
    }

    private static Set<RowChange> triggeredChanges(Connection connection, TableId table) throws SQLException {
        Set<RowChange> changes = EnumSet.noneOf(RowChange.class);
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT EVENT_MANIPULATION FROM"
                + " information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ? AND EVENT_OBJECT_TABLE = ?")) {
            select.setString(1, table.database());
            select.setString(2, table.table());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    changes.add(RowChange.valueOf(row.getString(1).toUpperCase(Locale.ROOT)));
                }
            }
        }
        return changes;
    }
}
