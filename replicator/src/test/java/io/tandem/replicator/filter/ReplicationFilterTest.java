package io.tandem.replicator.filter;

import static io.tandem.replicator.filter.Rules.rules;
import static io.tandem.replicator.filter.Rules.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.StatementContext;
import io.tandem.replicator.event.StatementExecuted;
import io.tandem.replicator.filter.Verdict.Decision;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplicationFilterTest {

    private static Verdict rows(ReplicationFilter filter, String dbTable) {
        return filter.forRows(table(dbTable));
    }

    /** A statement run after {@code USE defaultDb} (null: no USE), as an ordinary QUERY event carries it. */
    private static Verdict statement(ReplicationFilter filter, String defaultDb, String sql) {
        return filter.forStatement(defaultDb, false, defaultDb, sql);
    }

    /** CREATE/ALTER/DROP DATABASE: the event carries the database itself, with the suppress-use flag. */
    private static Verdict databaseStatement(ReplicationFilter filter, String database, String sql) {
        return filter.forStatement(null, true, database, sql);
    }

    @Nested
    class WithoutRules {
        private final ReplicationFilter filter = rules().filter();

        @Test
        void appliesEverything() {
            assertThat(rows(filter, "felix.t").decision()).isEqualTo(Decision.APPLY);
            assertThat(statement(filter, null, "CREATE TABLE x.t (id INT)").decision()).isEqualTo(Decision.APPLY);
            assertThat(statement(filter, "a", "GRANT SELECT ON *.* TO u").decision()).isEqualTo(Decision.APPLY);
        }

        @Test
        void neverReplicatesTheMetadataSchemaRowsOrStatements() {
            assertThat(rows(filter, "tandem.checkpoint").shouldSkip()).isTrue();
            assertThat(rows(filter, "tandem.checkpoint").rule()).isEqualTo("metadata-schema=tandem");
            assertThat(statement(filter, "tandem", "CREATE TABLE checkpoint (id INT)").shouldSkip()).isTrue();
            assertThat(databaseStatement(filter, "tandem", "CREATE DATABASE tandem").shouldSkip()).isTrue();
            // Default database elsewhere, but the statement updates a metadata table: still skipped.
            Verdict qualified = statement(filter, "felix", "INSERT INTO tandem.checkpoint VALUES (1)");
            assertThat(qualified.shouldSkip()).isTrue();
            assertThat(qualified.rule()).isEqualTo("metadata-schema=tandem");
        }

        @Test
        void usesTheConfiguredMetadataSchemaName() {
            ReplicationFilter custom = ReplicationFilter.of(FilterRules.NONE, "ops_meta");
            assertThat(custom.forRows(table("ops_meta.t")).shouldSkip()).isTrue();
            assertThat(custom.forRows(table("tandem.t")).shouldApply()).isTrue();
        }
    }

    @Nested
    class DatabaseRules {

        @Test
        void doDbAppliesOnlyTheListedDatabases() {
            ReplicationFilter filter = rules().replicateDoDb("felix").replicateDoDb("shop").filter();
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
            assertThat(rows(filter, "felix.t").rule()).isEqualTo("replicate-do-db=felix");
            assertThat(rows(filter, "shop.orders").shouldApply()).isTrue();
            Verdict other = rows(filter, "other.t");
            assertThat(other.shouldSkip()).isTrue();
            assertThat(other.rule()).isEqualTo("replicate-do-db (no match)");
            assertThat(other.reason()).contains("other").contains("[felix, shop]");
        }

        @Test
        void ignoreDbSkipsTheListedDatabasesAndAppliesTheRest() {
            ReplicationFilter filter = rules().replicateIgnoreDb("mysql").replicateIgnoreDb("information_schema").filter();
            assertThat(rows(filter, "mysql.user").shouldSkip()).isTrue();
            assertThat(rows(filter, "mysql.user").rule()).isEqualTo("replicate-ignore-db=mysql");
            assertThat(rows(filter, "information_schema.x").shouldSkip()).isTrue();
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
        }

        @Test
        void doDbMakesIgnoreDbDeadAsInTheServer() {
            // The seed's combination: replicate-do-db=felix with replicate-ignore-db=mysql. The server consults
            // the ignore list only when there is no do list, so an entry in both is replicated.
            ReplicationFilter filter = rules().replicateDoDb("felix").replicateIgnoreDb("felix").filter();
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
            assertThat(rows(filter, "mysql.user").shouldSkip()).isTrue();
            assertThat(rows(filter, "mysql.user").rule()).isEqualTo("replicate-do-db (no match)");
        }

        @Test
        void matchesNamesExactlyWithoutCaseFolding() {
            ReplicationFilter filter = rules().replicateDoDb("felix").filter();
            assertThat(rows(filter, "Felix.t").shouldSkip()).isTrue();
        }

        @Test
        void aDatabaseNamedWithACommaIsRefusedInRulesBuiltInCode() {
            assertThatThrownBy(() -> rules().replicateIgnoreDb("mysql,information_schema").build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("comma");
        }
    }

    @Nested
    class SourceSideBinlogRules {

        @Test
        void binlogDoDbSkipsWhatTheSourceWouldNotHaveLogged() {
            ReplicationFilter filter = rules().binlogDoDb("felix").filter();
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
            Verdict other = rows(filter, "other.t");
            assertThat(other.shouldSkip()).isTrue();
            assertThat(other.rule()).isEqualTo("binlog-do-db (no match)");
            assertThat(other.reason()).contains("would not have logged");
        }

        @Test
        void binlogIgnoreDbSkipsTheListedDatabase() {
            ReplicationFilter filter = rules().binlogIgnoreDb("mysql").filter();
            assertThat(rows(filter, "mysql.user").rule()).isEqualTo("binlog-ignore-db=mysql");
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
        }

        @Test
        void binlogDoDbMakesBinlogIgnoreDbDead() {
            ReplicationFilter filter = rules().binlogDoDb("felix").binlogIgnoreDb("felix").filter();
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
        }

        @Test
        void statementsAreMatchedOnTheDefaultDatabaseAsTheSourceLogsThem() {
            // Checked on MariaDB 10.11 with --binlog-do-db=felix: CREATE TABLE felix.t without USE is not
            // logged; USE felix; CREATE TABLE other.t is.
            ReplicationFilter filter = rules().binlogDoDb("felix").filter();
            assertThat(statement(filter, null, "CREATE TABLE felix.t (id INT)").shouldSkip()).isTrue();
            assertThat(statement(filter, "felix", "CREATE TABLE other.t (id INT)").shouldApply()).isTrue();
            assertThat(databaseStatement(filter, "felix", "CREATE DATABASE felix").shouldApply()).isTrue();
            assertThat(databaseStatement(filter, "other", "CREATE DATABASE other").shouldSkip()).isTrue();
        }

        @Test
        void aStatementWithoutDefaultDatabasePassesIgnoreRules() {
            // Checked on MariaDB 10.11 with only --binlog-ignore-db=other: CREATE TABLE other.t5 without USE is logged.
            ReplicationFilter filter = rules().binlogIgnoreDb("other").filter();
            assertThat(statement(filter, null, "CREATE TABLE other.t5 (id INT)").shouldApply()).isTrue();
            assertThat(statement(filter, "other", "CREATE TABLE felix.t7 (id INT)").shouldSkip()).isTrue();
        }

        @Test
        void sourceRulesComeBeforeReplicaRules() {
            ReplicationFilter filter = rules().binlogIgnoreDb("felix").replicateDoDb("felix").filter();
            assertThat(rows(filter, "felix.t").rule()).isEqualTo("binlog-ignore-db=felix");
        }
    }

    @Nested
    class VerifiedNativeCases {
        // Binlog notes section 7.4: each case was observed on a MariaDB 10.11 replica.

        @Test
        void createTableInOtherDbWithoutUseIsFilteredByTheDefaultDatabase() {
            ReplicationFilter filter = rules().replicateDoDb("otherdb").filter();
            Verdict ddl = statement(filter, null, "CREATE TABLE otherdb.t (id INT PRIMARY KEY)");
            assertThat(ddl.shouldSkip()).isTrue();
            assertThat(ddl.rule()).isEqualTo("replicate-do-db (no match)");
            assertThat(ddl.reason()).contains("no default database");
        }

        @Test
        void rowsOfOtherDbTableAreMatchedOnOtherDb() {
            ReplicationFilter filter = rules().replicateDoDb("otherdb").filter();
            assertThat(rows(filter, "otherdb.t").shouldApply()).isTrue();
        }

        @Test
        void useAThenUpdateBIsFilteredByA() {
            ReplicationFilter doB = rules().replicateDoDb("b").filter();
            assertThat(statement(doB, "a", "UPDATE b.t SET x = 1").shouldSkip()).isTrue();
            ReplicationFilter doA = rules().replicateDoDb("a").filter();
            assertThat(statement(doA, "a", "UPDATE b.t SET x = 1").shouldApply()).isTrue();
            ReplicationFilter ignoreA = rules().replicateIgnoreDb("a").filter();
            assertThat(statement(ignoreA, "a", "UPDATE b.t SET x = 1").rule()).isEqualTo("replicate-ignore-db=a");
        }

        @Test
        void createDatabaseIsMatchedOnTheCreatedDatabase() {
            ReplicationFilter filter = rules().replicateDoDb("a_b").filter();
            assertThat(databaseStatement(filter, "a_b", "CREATE DATABASE `a_b`").shouldApply()).isTrue();
            assertThat(databaseStatement(filter, "c", "CREATE DATABASE c").shouldSkip()).isTrue();
            assertThat(databaseStatement(filter, "c", "DROP DATABASE c").shouldSkip()).isTrue();
            assertThat(databaseStatement(filter, "a_b", "ALTER DATABASE a_b CHARACTER SET utf8mb4").shouldApply()).isTrue();
        }

        @Test
        void statementContextIsReadFromTheEvent() {
            ReplicationFilter filter = rules().replicateDoDb("a").filter();
            StatementContext context = new StatementContext("a", false, 0, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, List.of(), 0, 1);
            StatementExecuted event = new StatementExecuted(new BinlogPosition("mysql-bin.000001", 4),
                    "UPDATE b.t SET x = 1", context, 100);
            assertThat(filter.forStatement(event).shouldApply()).isTrue();
        }
    }

    @Nested
    class TableRulesInTheServersOrder {

        @Test
        void step1DoTableAppliesEvenWhenIgnoreTableAlsoMatches() {
            ReplicationFilter filter = rules().replicateDoTable("felix.t").replicateIgnoreTable("felix.t").filter();
            assertThat(rows(filter, "felix.t").rule()).isEqualTo("replicate-do-table=felix.t");
            assertThat(rows(filter, "felix.t").shouldApply()).isTrue();
        }

        @Test
        void step2IgnoreTableSkipsBeforeWildDoTable() {
            ReplicationFilter filter = rules().replicateIgnoreTable("felix.t").replicateWildDoTable("felix.%").filter();
            assertThat(rows(filter, "felix.t").rule()).isEqualTo("replicate-ignore-table=felix.t");
            assertThat(rows(filter, "felix.u").rule()).isEqualTo("replicate-wild-do-table=felix.%");
        }

        @Test
        void step3WildDoTableAppliesBeforeWildIgnoreTable() {
            ReplicationFilter filter = rules().replicateWildDoTable("felix.t%").replicateWildIgnoreTable("felix.%").filter();
            assertThat(rows(filter, "felix.tx").shouldApply()).isTrue();
            assertThat(rows(filter, "felix.tx").rule()).isEqualTo("replicate-wild-do-table=felix.t%");
        }

        @Test
        void step4WildIgnoreTableSkips() {
            ReplicationFilter filter = rules().replicateWildIgnoreTable("felix.tmp\\_%").filter();
            assertThat(rows(filter, "felix.tmp_1").rule()).isEqualTo("replicate-wild-ignore-table=felix.tmp\\_%");
            assertThat(rows(filter, "felix.tmpx1").shouldApply()).isTrue();
        }

        @Test
        void step5NoMatchWithADoRuleSkips() {
            assertThat(rows(rules().replicateDoTable("felix.a").filter(), "felix.b").rule())
                    .isEqualTo("replicate-do-table (no match)");
            assertThat(rows(rules().replicateWildDoTable("felix.a%").filter(), "felix.b").shouldSkip()).isTrue();
        }

        @Test
        void step6NoMatchWithoutDoRulesApplies() {
            Verdict verdict = rows(rules().replicateIgnoreTable("felix.a").filter(), "felix.b");
            assertThat(verdict.shouldApply()).isTrue();
            assertThat(verdict.rule()).isEqualTo("no table rule matched");
        }

        @Test
        void databaseRulesComeFirst() {
            ReplicationFilter filter = rules().replicateIgnoreDb("felix").replicateDoTable("felix.t").filter();
            assertThat(rows(filter, "felix.t").rule()).isEqualTo("replicate-ignore-db=felix");
        }

        @Test
        void theFirstTableOfAStatementThatMatchesDecidesForAllOfIt() {
            ReplicationFilter filter = rules().replicateIgnoreTable("d.a").replicateDoTable("d.b").filter();
            assertThat(statement(filter, "d", "DROP TABLE a, b").rule()).isEqualTo("replicate-ignore-table=d.a");
            assertThat(statement(filter, "d", "DROP TABLE b, a").rule()).isEqualTo("replicate-do-table=d.b");
            assertThat(statement(filter, "d", "RENAME TABLE x TO y, b TO c").rule()).isEqualTo("replicate-do-table=d.b");
        }

        @Test
        void statementTablesAreMatchedOnTheirOwnDatabaseAfterTheDefaultDatabasePassed() {
            ReplicationFilter filter = rules().replicateDoDb("a").replicateDoTable("b.t").filter();
            assertThat(statement(filter, "a", "UPDATE b.t SET x = 1").rule()).isEqualTo("replicate-do-table=b.t");
            assertThat(statement(filter, "a", "UPDATE t SET x = 1").rule()).isEqualTo("replicate-do-table (no match)");
        }

        @Test
        void onlyTheInsertedTableOfInsertSelectCounts() {
            ReplicationFilter filter = rules().replicateIgnoreTable("d.src").filter();
            assertThat(statement(filter, "d", "INSERT INTO dst SELECT * FROM src").shouldApply()).isTrue();
            assertThat(statement(filter, "d", "CREATE TABLE dst LIKE src").shouldApply()).isTrue();
        }

        @Test
        void databaseStatementsHaveNoTablesSoTableRulesDoNotStopThem() {
            ReplicationFilter filter = rules().replicateDoTable("felix.t").filter();
            assertThat(databaseStatement(filter, "felix", "CREATE DATABASE felix").shouldApply()).isTrue();
        }

        @Test
        void databaseStatementsMatchWildTablePatternsAsTheDatabaseFollowedByADot() {
            ReplicationFilter wildDo = rules().replicateWildDoTable("a.%").replicateWildDoTable("%.log%").filter();
            assertThat(databaseStatement(wildDo, "a", "CREATE DATABASE a").shouldApply()).isTrue();
            // "d." matches neither "a.%" nor "%.log%", and wild-do patterns exist.
            Verdict other = databaseStatement(wildDo, "d", "DROP DATABASE d");
            assertThat(other.shouldSkip()).isTrue();
            assertThat(other.rule()).isEqualTo("replicate-wild-do-table (no match)");
            ReplicationFilter wildIgnore = rules().replicateWildIgnoreTable("c.%").replicateWildIgnoreTable("%.t_")
                    .filter();
            assertThat(databaseStatement(wildIgnore, "c", "ALTER DATABASE c CHARACTER SET latin1").shouldSkip()).isTrue();
            assertThat(databaseStatement(wildIgnore, "d", "CREATE DATABASE d").shouldApply()).isTrue();
            // Plain table rules do not apply to database statements.
            ReplicationFilter doTable = rules().replicateDoTable("a.t1").filter();
            assertThat(databaseStatement(doTable, "d", "CREATE DATABASE d").shouldApply()).isTrue();
        }

        @Test
        void dropTemporaryTableIfExistsAlwaysRunsAsOnANativeReplica() {
            ReplicationFilter filter = rules().replicateDoTable("felix.t").filter();
            assertThat(statement(filter, "felix", "DROP TEMPORARY TABLE IF EXISTS tmp1").shouldApply()).isTrue();
            assertThat(statement(filter, "felix", "DROP TEMPORARY TABLE tmp1").shouldSkip()).isTrue();
        }

        @Test
        void transactionControlIsNeverFiltered() {
            ReplicationFilter filter = rules().replicateDoDb("felix").replicateDoTable("felix.t").filter();
            assertThat(statement(filter, "other", "BEGIN").shouldApply()).isTrue();
            assertThat(statement(filter, null, "COMMIT").shouldApply()).isTrue();
        }

        @Test
        void stopsWhenTablesCannotBeDeterminedAndTableRulesExist() {
            ReplicationFilter filter = rules().replicateIgnoreTable("felix.secret").filter();
            Verdict multi = statement(filter, "felix", "UPDATE a JOIN secret s ON a.id = s.id SET s.v = 1");
            assertThat(multi.shouldStop()).isTrue();
            assertThat(multi.reason()).contains("multi-table UPDATE").contains("guess").contains("UPDATE a JOIN secret");
            assertThat(statement(filter, "felix", "GRANT SELECT ON felix.secret TO u").shouldStop()).isTrue();
        }

        @Test
        void neverQuotesStringLiteralsOfAStatementInItsReason() {
            ReplicationFilter filter = rules().replicateIgnoreTable("felix.secret").filter();
            Verdict verdict = statement(filter, "felix", "CREATE USER 'app'@'%' IDENTIFIED BY 'hunter2'");
            assertThat(verdict.shouldStop()).isTrue();
            assertThat(verdict.reason()).contains("CREATE USER '?'@'?' IDENTIFIED BY '?'").doesNotContain("hunter2");
            assertThat(ReplicationFilter.abbreviate("SET PASSWORD = \"it's \\\" secret\"")).isEqualTo("SET PASSWORD = \"?\"");
            assertThat(ReplicationFilter.abbreviate("x".repeat(300))).hasSize(203).endsWith("...");
        }

        @Test
        void doesNotNeedTablesWithoutTableRules() {
            ReplicationFilter filter = rules().replicateDoDb("felix").filter();
            assertThat(statement(filter, "felix", "UPDATE a JOIN b ON a.id = b.id SET b.v = 1").shouldApply()).isTrue();
        }
    }
}
