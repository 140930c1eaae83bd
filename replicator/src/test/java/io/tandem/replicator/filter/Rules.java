package io.tandem.replicator.filter;

import io.tandem.replicator.event.TableId;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link FilterRules} in tests, one rule at a time, with the option names as method names. */
final class Rules {
    private final List<String> doDb = new ArrayList<>();
    private final List<String> ignoreDb = new ArrayList<>();
    private final List<TableId> doTable = new ArrayList<>();
    private final List<TableId> ignoreTable = new ArrayList<>();
    private final List<String> wildDo = new ArrayList<>();
    private final List<String> wildIgnore = new ArrayList<>();
    private final List<String> binlogDo = new ArrayList<>();
    private final List<String> binlogIgnore = new ArrayList<>();

    static Rules rules() {
        return new Rules();
    }

    Rules replicateDoDb(String db) {
        doDb.add(db);
        return this;
    }

    Rules replicateIgnoreDb(String db) {
        ignoreDb.add(db);
        return this;
    }

    Rules replicateDoTable(String dbTable) {
        doTable.add(table(dbTable));
        return this;
    }

    Rules replicateIgnoreTable(String dbTable) {
        ignoreTable.add(table(dbTable));
        return this;
    }

    Rules replicateWildDoTable(String pattern) {
        wildDo.add(pattern);
        return this;
    }

    Rules replicateWildIgnoreTable(String pattern) {
        wildIgnore.add(pattern);
        return this;
    }

    Rules binlogDoDb(String db) {
        binlogDo.add(db);
        return this;
    }

    Rules binlogIgnoreDb(String db) {
        binlogIgnore.add(db);
        return this;
    }

    ReplicationFilter filter() {
        return ReplicationFilter.of(build(), "tandem");
    }

    FilterRules build() {
        return new FilterRules(doDb, ignoreDb, doTable, ignoreTable, wildDo, wildIgnore, binlogDo, binlogIgnore);
    }

    static TableId table(String dbTable) {
        int dot = dbTable.indexOf('.');
        return new TableId(dbTable.substring(0, dot), dbTable.substring(dot + 1));
    }
}
