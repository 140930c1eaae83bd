package io.tandem.replicator.filter;

import io.tandem.replicator.event.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link FilterRules} in tests, one rule at a time, with the option names as method names. Shared by
 * the filter unit tests and the channel ITs that compare tandem with a native replica.
 */
public final class Rules {
    private final List<String> doDb = new ArrayList<>();
    private final List<String> ignoreDb = new ArrayList<>();
    private final List<TableId> doTable = new ArrayList<>();
    private final List<TableId> ignoreTable = new ArrayList<>();
    private final List<String> wildDo = new ArrayList<>();
    private final List<String> wildIgnore = new ArrayList<>();
    private final List<String> binlogDo = new ArrayList<>();
    private final List<String> binlogIgnore = new ArrayList<>();

    public static Rules rules() {
        return new Rules();
    }

    public Rules replicateDoDb(String db) {
        doDb.add(db);
        return this;
    }

    public Rules replicateIgnoreDb(String db) {
        ignoreDb.add(db);
        return this;
    }

    public Rules replicateDoTable(String dbTable) {
        doTable.add(table(dbTable));
        return this;
    }

    public Rules replicateIgnoreTable(String dbTable) {
        ignoreTable.add(table(dbTable));
        return this;
    }

    public Rules replicateWildDoTable(String pattern) {
        wildDo.add(pattern);
        return this;
    }

    public Rules replicateWildIgnoreTable(String pattern) {
        wildIgnore.add(pattern);
        return this;
    }

    public Rules binlogDoDb(String db) {
        binlogDo.add(db);
        return this;
    }

    public Rules binlogIgnoreDb(String db) {
        binlogIgnore.add(db);
        return this;
    }

    public ReplicationFilter filter() {
        return ReplicationFilter.of(build(), "tandem");
    }

    public FilterRules build() {
        return new FilterRules(doDb, ignoreDb, doTable, ignoreTable, wildDo, wildIgnore, binlogDo, binlogIgnore);
    }

    static TableId table(String dbTable) {
        int dot = dbTable.indexOf('.');
        return new TableId(dbTable.substring(0, dot), dbTable.substring(dot + 1));
    }
}
