package io.tandem.replicator.filter;

import io.tandem.replicator.event.TableId;
import java.util.List;

/**
 * A channel's filter rules, one entry per configuration line, under their MySQL option names. Each
 * database entry is exactly one database name: unlike {@code SET GLOBAL replicate_do_db='a,b'}, the
 * option files never split on commas, so a comma is part of the name (binlog notes section 7.4).
 * tandem's configuration refuses such names before they get here; this record refuses them too, so a
 * rule built in code cannot fall into the same trap.
 *
 * @param replicateDoDb {@code replicate-do-db}: only these databases, matched on the default database for statements
 * @param replicateIgnoreDb {@code replicate-ignore-db}
 * @param replicateDoTable {@code replicate-do-table} entries, {@code db.table}
 * @param replicateIgnoreTable {@code replicate-ignore-table} entries
 * @param replicateWildDoTable {@code replicate-wild-do-table} patterns over {@code db.table} with {@code %} and {@code _}
 * @param replicateWildIgnoreTable {@code replicate-wild-ignore-table} patterns
 * @param binlogDoDb {@code binlog-do-db}: what the source would have logged, applied by the reader
 * @param binlogIgnoreDb {@code binlog-ignore-db}
 */
public record FilterRules(
        List<String> replicateDoDb,
        List<String> replicateIgnoreDb,
        List<TableId> replicateDoTable,
        List<TableId> replicateIgnoreTable,
        List<String> replicateWildDoTable,
        List<String> replicateWildIgnoreTable,
        List<String> binlogDoDb,
        List<String> binlogIgnoreDb) {

    /** No rules: everything except the metadata schema is applied. */
    public static final FilterRules NONE =
            new FilterRules(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public FilterRules {
        replicateDoDb = databases("replicate-do-db", replicateDoDb);
        replicateIgnoreDb = databases("replicate-ignore-db", replicateIgnoreDb);
        replicateDoTable = tables("replicate-do-table", replicateDoTable);
        replicateIgnoreTable = tables("replicate-ignore-table", replicateIgnoreTable);
        replicateWildDoTable = patterns("replicate-wild-do-table", replicateWildDoTable);
        replicateWildIgnoreTable = patterns("replicate-wild-ignore-table", replicateWildIgnoreTable);
        binlogDoDb = databases("binlog-do-db", binlogDoDb);
        binlogIgnoreDb = databases("binlog-ignore-db", binlogIgnoreDb);
    }

    /** Whether any table-level rule exists: only then do statements need their tables worked out. */
    public boolean hasTableRules() {
        return !replicateDoTable.isEmpty() || !replicateIgnoreTable.isEmpty() || !replicateWildDoTable.isEmpty()
                || !replicateWildIgnoreTable.isEmpty();
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    private static List<String> databases(String option, List<String> names) {
        for (String name : names) {
            if (name.isEmpty() || name.indexOf(',') >= 0) {
                throw new IllegalArgumentException(option + " entry '" + name
                        + "' must be one non-empty database name (a comma would be part of the name)");
            }
        }
        return List.copyOf(names);
    }

    private static List<TableId> tables(String option, List<TableId> tables) {
        for (TableId table : tables) {
            if (table.database().isEmpty() || table.table().isEmpty() || table.toString().indexOf(',') >= 0) {
                throw new IllegalArgumentException(option + " entry '" + table + "' must be one db.table");
            }
        }
        return List.copyOf(tables);
    }

    private static List<String> patterns(String option, List<String> patterns) {
        for (String pattern : patterns) {
            if (pattern.indexOf('.') < 0 || pattern.indexOf(',') >= 0) {
                throw new IllegalArgumentException(option + " entry '" + pattern
                        + "' must be one db.table pattern with % and _ wildcards");
            }
        }
        return List.copyOf(patterns);
    }
}
