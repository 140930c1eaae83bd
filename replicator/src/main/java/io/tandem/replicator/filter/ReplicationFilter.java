package io.tandem.replicator.filter;

import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.event.TableId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, with MySQL's native semantics, whether a channel applies a row event or a statement.
 *
 * <p>Order, for both kinds (binlog notes section 7.4):
 * <ol>
 *   <li>tandem's metadata schema is never replicated;
 *   <li>source-side {@code binlog-do-db}, else {@code binlog-ignore-db}: what the source would not have
 *       logged had those options been set on it;
 *   <li>{@code replicate-do-db}, else {@code replicate-ignore-db};
 *   <li>the table rules, in the server's fixed order: do-table, ignore-table, wild-do-table,
 *       wild-ignore-table; the first that matches decides; if none matches, a do rule of either kind
 *       means skip, otherwise apply.
 * </ol>
 *
 * <p>Which database the database rules look at depends on the event, and this is the trap of native
 * filtering that tandem reproduces on purpose so that a switch from native replication keeps its
 * behaviour. Rows are matched on their table's own database. Statements, including all DDL, are
 * matched on the master session's default database ({@code USE}), not on the databases the SQL
 * names: {@code CREATE TABLE otherdb.t} without {@code USE} is filtered as "no database", and
 * {@code USE a; UPDATE b.t} as {@code a}. CREATE/ALTER/DROP DATABASE are the exception: the event
 * carries the database being created as its database, with the suppress-use flag, and that one is
 * matched. A statement without a default database matches no database rule: with a do rule it is
 * skipped, with only ignore rules it is applied. This is what MariaDB 10.11 does on both sides; it
 * was checked for {@code replicate-do-db} on a replica and for {@code binlog-do-db} and
 * {@code binlog-ignore-db} on a master.
 *
 * <p>As in the server, a do rule makes the ignore rules of the same level dead:
 * {@code binlog-ignore-db} is only consulted without {@code binlog-do-db}, and
 * {@code replicate-ignore-db} only without {@code replicate-do-db}.
 *
 * <p>Names are compared exactly, as on Linux with {@code lower_case_table_names=0}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReplicationFilter {

    private static final int ROW_VERDICT_CACHE_LIMIT = 10_000;

    private final FilterRules rules;
    private final String metadataSchema;
    private final Set<String> replicateDoDb;
    private final Set<String> replicateIgnoreDb;
    private final Set<String> binlogDoDb;
    private final Set<String> binlogIgnoreDb;
    private final Set<TableId> doTables;
    private final Set<TableId> ignoreTables;
    private final List<WildPattern> wildDo;
    private final List<WildPattern> wildIgnore;
    private final Map<TableId, Verdict> rowVerdicts = new ConcurrentHashMap<>();

    private ReplicationFilter(FilterRules rules, String metadataSchema) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.metadataSchema = Objects.requireNonNull(metadataSchema, "metadataSchema");
        this.replicateDoDb = Set.copyOf(rules.replicateDoDb());
        this.replicateIgnoreDb = Set.copyOf(rules.replicateIgnoreDb());
        this.binlogDoDb = Set.copyOf(rules.binlogDoDb());
        this.binlogIgnoreDb = Set.copyOf(rules.binlogIgnoreDb());
        this.doTables = Set.copyOf(rules.replicateDoTable());
        this.ignoreTables = Set.copyOf(rules.replicateIgnoreTable());
        this.wildDo = rules.replicateWildDoTable().stream().map(WildPattern::new).toList();
        this.wildIgnore = rules.replicateWildIgnoreTable().stream().map(WildPattern::new).toList();
    }

    /**
     * @param rules the channel's rules
     * @param metadataSchema tandem's own schema on the target ({@code tandem} by default), never replicated
     */
    public static ReplicationFilter of(FilterRules rules, String metadataSchema) {
        return new ReplicationFilter(rules, metadataSchema);
    }

    public FilterRules rules() {
        return rules;
    }

    public String metadataSchema() {
        return metadataSchema;
    }

    /** The verdict for a row event on {@code table}: database rules on the table's own database, then the table rules. */
    public Verdict forRows(TableId table) {
        Verdict cached = rowVerdicts.get(table);
        if (cached != null) {
            return cached;
        }
        Verdict verdict = decideRows(table);
        if (rowVerdicts.size() < ROW_VERDICT_CACHE_LIMIT) {
            rowVerdicts.put(table, verdict);
        }
        return verdict;
    }

    private Verdict decideRows(TableId table) {
        String subject = "rows of " + table;
        Verdict byDatabase = forDatabase(table.database(), subject);
        if (!byDatabase.shouldApply() || !rules.hasTableRules()) {
            return byDatabase;
        }
        return tableRules(List.of(table), subject);
    }

    /** The verdict of a statement event, with the context fields the event carries. */
    public Verdict forStatement(StatementExecuted statement) {
        String database = statement.context().defaultDatabase();
        return forStatement(database, statement.context().suppressUse(), database, statement.sql());
    }

    /**
     * The verdict for a statement (QUERY event).
     *
     * @param defaultDatabase the master session's default database when the statement ran, or null/empty for none
     * @param suppressUse the event's LOG_EVENT_SUPPRESS_USE_F flag: set for CREATE/ALTER/DROP DATABASE
     * @param eventDatabase the database field of the event: with {@code suppressUse} it is the database being
     *     created, altered or dropped, and it is the one the database rules match
     * @param sql the statement text
     */
    public Verdict forStatement(String defaultDatabase, boolean suppressUse, String eventDatabase, String sql) {
        String matched = suppressUse ? eventDatabase : defaultDatabase;
        matched = matched == null ? "" : matched;
        String subject = "statement in " + (matched.isEmpty() ? "no default database" : "database " + matched);
        UpdatedTables tables = StatementTables.of(sql, suppressUse ? "" : defaultDatabase);
        if (tables.shape() == UpdatedTables.Shape.TRANSACTION_CONTROL) {
            // A native replica runs BEGIN/COMMIT/ROLLBACK/SAVEPOINT/XA without consulting any filter.
            return Verdict.apply("transaction control", subject + " is transaction control, which is never filtered");
        }
        for (TableId table : tables.tables()) {
            if (table.database().equals(metadataSchema)) {
                return Verdict.skip("metadata-schema=" + metadataSchema, subject + " updates " + table
                        + " in tandem's metadata schema, which is never replicated");
            }
        }
        Verdict byDatabase = forDatabase(matched, subject);
        if (suppressUse && byDatabase.shouldApply()) {
            return databaseStatementWildTableRules(matched, subject, byDatabase);
        }
        if (!byDatabase.shouldApply() || !rules.hasTableRules()) {
            return byDatabase;
        }
        return switch (tables.shape()) {
            case TABLES -> tableRules(tables.tables(), subject);
            case NO_TABLES -> Verdict.apply(byDatabase.rule(), subject + " has no tables, so table rules do not apply");
            case ALWAYS_EXECUTED -> Verdict.apply("drop-temporary-table-if-exists",
                    subject + ": DROP TEMPORARY TABLE IF EXISTS runs whatever the table rules say, as on a native replica");
            case TRANSACTION_CONTROL -> throw new IllegalStateException("handled above");
            case UNKNOWN -> Verdict.stop("table rules (tables unknown)", "cannot tell which tables this "
                    + subject + " updates (" + tables.explanation() + "), and table rules are configured, so"
                    + " applying or skipping it would be a guess. Statement: " + abbreviate(sql));
        };
    }

    /**
     * The database-level verdict alone, for a database the rules should be asked about directly (the
     * startup checks use it to list the schemas a target user must be able to write).
     */
    public Verdict forDatabase(String database) {
        return forDatabase(database == null ? "" : database,
                database == null || database.isEmpty() ? "no database" : "database " + database);
    }

    private Verdict forDatabase(String database, String subject) {
        if (database.equals(metadataSchema)) {
            return Verdict.skip("metadata-schema=" + metadataSchema,
                    subject + ": " + metadataSchema + " is tandem's metadata schema, which is never replicated");
        }
        String shown = database.isEmpty() ? "(none)" : database;
        if (!binlogDoDb.isEmpty()) {
            if (!binlogDoDb.contains(database)) {
                return Verdict.skip("binlog-do-db (no match)", subject + ": database " + shown
                        + " is not among binlog-do-db " + rules.binlogDoDb() + ", so the source would not have logged it");
            }
        } else if (binlogIgnoreDb.contains(database)) {
            return Verdict.skip("binlog-ignore-db=" + database, subject + " matches binlog-ignore-db=" + database);
        }
        if (!replicateDoDb.isEmpty()) {
            if (!replicateDoDb.contains(database)) {
                return Verdict.skip("replicate-do-db (no match)", subject + ": database " + shown
                        + " is not among replicate-do-db " + rules.replicateDoDb());
            }
            return Verdict.apply("replicate-do-db=" + database, subject + " matches replicate-do-db=" + database);
        }
        if (replicateIgnoreDb.contains(database)) {
            return Verdict.skip("replicate-ignore-db=" + database, subject + " matches replicate-ignore-db=" + database);
        }
        if (!binlogDoDb.isEmpty()) {
            return Verdict.apply("binlog-do-db=" + database, subject + " matches binlog-do-db=" + database);
        }
        return Verdict.apply("no rules", subject + ": no rule excludes it");
    }

    /**
     * CREATE/ALTER/DROP DATABASE name no table, yet a native replica also puts them through the wild
     * table rules (MariaDB's {@code Rpl_filter::db_ok_with_wild_table}, checked for these statements in
     * {@code mysql_execute_command}), so that {@code replicate-wild-ignore-table=db1.%} keeps out
     * {@code DROP DATABASE db1} too: the string {@code db.} is matched against each pattern, so only a
     * pattern whose table part can match nothing ({@code db1.%}) matches. The plain table rules are not
     * consulted. Verified against a MariaDB 10.11 replica (FilterBehaviourIT).
     */
    private Verdict databaseStatementWildTableRules(String database, String subject, Verdict byDatabase) {
        String key = database + ".";
        for (WildPattern pattern : wildDo) {
            if (pattern.matches(key)) {
                return Verdict.apply("replicate-wild-do-table=" + pattern, subject + ": " + key
                        + " matches replicate-wild-do-table=" + pattern);
            }
        }
        for (WildPattern pattern : wildIgnore) {
            if (pattern.matches(key)) {
                return Verdict.skip("replicate-wild-ignore-table=" + pattern, subject + ": " + key
                        + " matches replicate-wild-ignore-table=" + pattern);
            }
        }
        if (!wildDo.isEmpty()) {
            return Verdict.skip("replicate-wild-do-table (no match)", subject + ": " + key
                    + " matches no replicate-wild-do-table pattern, and such patterns exist");
        }
        return byDatabase;
    }

    /** The server's {@code tables_ok}: the first table that matches any rule decides for the whole statement. */
    private Verdict tableRules(List<TableId> tables, String subject) {
        for (TableId table : tables) {
            String key = table.toString();
            if (doTables.contains(table)) {
                return Verdict.apply("replicate-do-table=" + key, subject + ": " + key + " matches replicate-do-table");
            }
            if (ignoreTables.contains(table)) {
                return Verdict.skip("replicate-ignore-table=" + key, subject + ": " + key + " matches replicate-ignore-table");
            }
            for (WildPattern pattern : wildDo) {
                if (pattern.matches(key)) {
                    return Verdict.apply("replicate-wild-do-table=" + pattern,
                            subject + ": " + key + " matches replicate-wild-do-table=" + pattern);
                }
            }
            for (WildPattern pattern : wildIgnore) {
                if (pattern.matches(key)) {
                    return Verdict.skip("replicate-wild-ignore-table=" + pattern,
                            subject + ": " + key + " matches replicate-wild-ignore-table=" + pattern);
                }
            }
        }
        if (!doTables.isEmpty() || !wildDo.isEmpty()) {
            return Verdict.skip("replicate-do-table (no match)", subject + ": " + tables
                    + " match no replicate-do-table or replicate-wild-do-table rule, and such rules exist");
        }
        return Verdict.apply("no table rule matched", subject + ": " + tables + " match no table rule");
    }

    /**
     * The statement for a log line: one line, at most 200 characters, with every quoted string replaced by
     * {@code '?'}, because the text may carry a password ({@code CREATE USER ... IDENTIFIED BY '...'}) or
     * personal data that has no business in a log.
     */
    static String abbreviate(String sql) {
        String masked = sql.replaceAll("'(?:[^'\\\\]|\\\\.|'')*'", "'?'")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.|\"\")*\"", "\"?\"");
        String oneLine = masked.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    @Override
    public String toString() {
        return "ReplicationFilter" + rules + " metadataSchema=" + metadataSchema;
    }
}
