package io.tandem.replicator.event;

import java.util.Objects;

/** A table by database and name, as the binlog's TABLE_MAP names it. */
public record TableId(String database, String table) {

    public TableId {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
    }

    /** Backquoted for SQL: {@code `db`.`t`}, with backquotes inside names doubled. */
    public String quoted() {
        return quote(database) + "." + quote(table);
    }

    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
