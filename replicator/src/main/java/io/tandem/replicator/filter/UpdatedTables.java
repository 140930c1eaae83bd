package io.tandem.replicator.filter;

import io.tandem.replicator.event.TableId;
import java.util.List;

/**
 * The tables a statement updates, as the server's table list marks them "updating" (the list the
 * table rules are checked against), or why they cannot be told.
 *
 * @param shape what kind of answer this is
 * @param tables the updated tables in statement order, for {@link Shape#TABLES}; otherwise empty
 * @param explanation for {@link Shape#UNKNOWN}: why the tables cannot be determined
 */
record UpdatedTables(Shape shape, List<TableId> tables, String explanation) {

    enum Shape {
        /** The statement updates exactly {@link #tables()}. */
        TABLES,
        /** The statement has no table list (CREATE/ALTER/DROP DATABASE): table rules do not apply to it. */
        NO_TABLES,
        /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT, XA: never filtered, by database or table. */
        TRANSACTION_CONTROL,
        /** DROP TEMPORARY TABLE IF EXISTS: the server runs it whatever the table rules say. */
        ALWAYS_EXECUTED,
        /** The statement's updated tables are not known to tandem. */
        UNKNOWN
    }

    UpdatedTables {
        tables = List.copyOf(tables);
    }

    static UpdatedTables of(List<TableId> tables) {
        return new UpdatedTables(Shape.TABLES, tables, "");
    }

    static UpdatedTables shape(Shape shape) {
        return new UpdatedTables(shape, List.of(), "");
    }

    static UpdatedTables unknown(String explanation) {
        return new UpdatedTables(Shape.UNKNOWN, List.of(), explanation);
    }
}
