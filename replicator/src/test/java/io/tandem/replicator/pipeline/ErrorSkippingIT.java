package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.Replicator;
import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.ExecMode;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a channel does when the target refuses an event (binlog notes 7.2, 7.3): by default it stops
 * and says exactly where; {@code slave-skip-errors} skips what a native replica with the same option
 * skips, and records each skip in {@code tandem.skipped}; {@code slave-exec-mode=IDEMPOTENT} repairs
 * the target so that it converges to the source. Conflicts are made the way they happen in practice:
 * a row written or deleted on the target only.
 */
class ErrorSkippingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALL_ITEMS = "SELECT id, v FROM shop.items ORDER BY id";
    private static final String ITEMS = "CREATE TABLE shop.items (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB";

    @Test
    void strictPolicyStopsBeforeTheConflictAndResumesOnceItIsRemoved() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("strict-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("strict-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ChannelSettings settings = fixture.settings("strict", source, target);
            ReplicationChannel channel = fixture.start(settings);
            source.execute("CREATE DATABASE shop", ITEMS, "INSERT INTO shop.items VALUES (1, 1), (2, 2), (3, 3)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);

            // Duplicate key: the target already has a row the source inserts next.
            target.execute("SET sql_log_bin=0", "INSERT INTO shop.items VALUES (10, 999)");
            source.execute("INSERT INTO shop.items VALUES (10, 1)");
            awaitError(channel);
            BinlogEvents.Group failed = BinlogEvents.groups(source).getLast();
            BinlogEvents.Event failedRows = failed.ofType("Write_rows_v1").get(0);
            BinlogEvents.Event failedGtid = failed.gtidEvent();
            String message = channel.status().lastError();
            assertThat(message)
                    .contains("error 1062", "Duplicate entry '10'")
                    .contains(failedRows.at())
                    .contains("GTID " + failed.gtid())
                    .contains("INSERT of 1 row(s) in shop.items")
                    .contains("mariadb-binlog --start-position=" + failedRows.position())
                    .contains("Checkpoint left at " + failedGtid.at());
            // The checkpoint is the end of the last applied transaction: the start of the failed one.
            assertThat(checkpoint(target, "strict")).isEqualTo(failedGtid.at());

            // The source goes on; the channel stays stopped until an operator acts.
            source.execute("INSERT INTO shop.items VALUES (11, 11)", "UPDATE shop.items SET v = v + 1 WHERE id = 1");
            assertThat(target.queryLong("SELECT COUNT(*) FROM shop.items WHERE id = 11")).isZero();
            assertThat(channel.status().state()).isEqualTo(ChannelState.ERROR);

            target.execute("SET sql_log_bin=0", "DELETE FROM shop.items WHERE id = 10");
            channel = fixture.start(settings);
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            assertThat(ChannelFixture.checksums(target, "shop")).isEqualTo(ChannelFixture.checksums(source, "shop"));

            // Row not found: the target lost a row the source updates next.
            target.execute("SET sql_log_bin=0", "DELETE FROM shop.items WHERE id = 3");
            String before = checkpoint(target, "strict");
            source.execute("UPDATE shop.items SET v = v + 100 WHERE id = 3");
            awaitError(channel);
            BinlogEvents.Group failedGroup = BinlogEvents.groups(source).getLast();
            BinlogEvents.Event failedUpdate = failedGroup.ofType("Update_rows_v1").get(0);
            assertThat(channel.status().lastError())
                    .contains("error 1032", "Can't find record")
                    .contains(failedUpdate.at())
                    .contains("GTID " + failedGroup.gtid())
                    .contains("UPDATE of 1 row(s) in shop.items")
                    .contains("mariadb-binlog --start-position=" + failedUpdate.position());
            assertThat(checkpoint(target, "strict")).isEqualTo(before);
            assertThat(skippedRows(target)).isZero();

            target.execute("SET sql_log_bin=0", "INSERT INTO shop.items VALUES (3, 3)");
            channel = fixture.start(settings);
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            assertThat(ChannelFixture.checksums(target, "shop")).isEqualTo(ChannelFixture.checksums(source, "shop"));
            assertThat(target.queryLong("SELECT v FROM shop.items WHERE id = 3")).isEqualTo(103);
        }
    }

    /**
     * Native slave-skip-errors skips the failing row event from the failing row on: rows of the same
     * event before it stay applied, later events of the transaction still apply. tandem must leave the
     * target exactly as a native replica with the same option does.
     */
    @Test
    void skipErrorsLeavesTheTargetAsANativeReplicaWithTheSameOption() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("skip-src", MariaDbOptions.master(1, 2));
                MariaDbServer dupTarget = MariaDbServer.start("skip-1062-dst", MariaDbOptions.master(2, 2));
                MariaDbServer dupNative = MariaDbServer.start("skip-1062-native",
                        MariaDbOptions.master(3, 2).withArgument("--slave-skip-errors=1062"));
                MariaDbServer allTarget = MariaDbServer.start("skip-all-dst", MariaDbOptions.master(4, 2));
                MariaDbServer allNative = MariaDbServer.start("skip-all-native",
                        MariaDbOptions.master(5, 2).withArgument("--slave-skip-errors=all"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel dupChannel = fixture.start(fixture.settings("skip-1062", source, dupTarget,
                    LoopPrevention.SERVER_ID, new ErrorPolicy(false, Set.of(1062), ExecMode.STRICT),
                    ChangeFilter.APPLY_ALL));
            ReplicationChannel allChannel = fixture.start(fixture.settings("skip-all", source, allTarget,
                    LoopPrevention.SERVER_ID, new ErrorPolicy(true, Set.of(), ExecMode.STRICT),
                    ChangeFilter.APPLY_ALL));
            NativeReplica dupReplica = NativeReplica.start(dupNative, source);
            NativeReplica allReplica = NativeReplica.start(allNative, source);
            List<MariaDbServer> replicas = List.of(dupTarget, dupNative, allTarget, allNative);

            source.execute("CREATE DATABASE shop", ITEMS,
                    "INSERT INTO shop.items VALUES (100, 0), (101, 0), (102, 0), (103, 0), (104, 0), (105, 0)");
            ChannelFixture.awaitCaughtUp(WAIT, dupChannel, allChannel);
            assertThat(dupReplica.awaitDoneOrStopped(WAIT)).isZero();
            assertThat(allReplica.awaitDoneOrStopped(WAIT)).isZero();
            for (MariaDbServer replica : replicas) {
                replica.execute("SET sql_log_bin=0", "INSERT INTO shop.items VALUES (2, 99)",
                        "DELETE FROM shop.items WHERE id = 103");
            }

            // One multi-row event whose second row is a duplicate, then a second event in the same transaction.
            source.execute("BEGIN", "INSERT INTO shop.items VALUES (1, 1), (2, 2), (3, 3)",
                    "INSERT INTO shop.items VALUES (4, 4)", "COMMIT");
            BinlogEvents.Group duplicateGroup = BinlogEvents.groups(source).getLast();
            BinlogEvents.Event duplicate = duplicateGroup.ofType("Write_rows_v1").get(0);
            source.execute("INSERT INTO shop.items VALUES (5, 5)");
            ChannelFixture.awaitCaughtUp(WAIT, dupChannel, allChannel);
            assertThat(dupReplica.awaitDoneOrStopped(WAIT)).isZero();
            assertThat(allReplica.awaitDoneOrStopped(WAIT)).isZero();
            assertThat(ChannelFixture.checksums(dupTarget, "shop")).isEqualTo(ChannelFixture.checksums(dupNative, "shop"));
            assertThat(ChannelFixture.checksums(allTarget, "shop")).isEqualTo(ChannelFixture.checksums(allNative, "shop"));
            assertThat(ids(dupTarget)).containsExactly(1, 2, 4, 5, 100, 101, 102, 104, 105);
            assertThat(dupTarget.queryLong("SELECT v FROM shop.items WHERE id = 2")).isEqualTo(99);

            List<List<String>> skipped = dupTarget.queryRows("SELECT binlog_file, binlog_position, gtid, rule,"
                    + " error_code, statement FROM tandem.skipped WHERE channel = 'skip-1062' ORDER BY id");
            assertThat(skipped).hasSize(1);
            assertThat(skipped.get(0)).containsExactly(duplicate.file(), Long.toString(duplicate.position()),
                    duplicateGroup.gtid(), "slave-skip-errors", "1062",
                    "INSERT of 3 row(s) in shop.items");
            assertThat(dupChannel.status().eventsSkipped()).isEqualTo(1);

            // Row not found, in an update and a delete of several rows each: only 'all' skips them.
            source.execute("UPDATE shop.items SET v = v + 10 WHERE id >= 102");
            source.execute("DELETE FROM shop.items WHERE id IN (101, 103, 105)");
            source.execute("INSERT INTO shop.items VALUES (6, 6)");
            // A duplicate in a statement-logged insert: the server undoes the whole statement, both skip it.
            for (MariaDbServer replica : List.of(allTarget, allNative)) {
                replica.execute("SET sql_log_bin=0", "INSERT INTO shop.items VALUES (8, 80)");
            }
            source.execute("SET SESSION binlog_format = 'STATEMENT'",
                    "INSERT INTO shop.items VALUES (7, 7), (8, 8)", "INSERT INTO shop.items VALUES (9, 9)");
            ChannelFixture.awaitCaughtUp(WAIT, allChannel);
            assertThat(allReplica.awaitDoneOrStopped(WAIT)).isZero();
            assertThat(ChannelFixture.checksums(allTarget, "shop")).isEqualTo(ChannelFixture.checksums(allNative, "shop"));
            assertThat(ids(allTarget)).containsExactly(1, 2, 4, 5, 6, 8, 9, 100, 102, 104, 105);
            assertThat(allTarget.queryRows("SELECT error_code, statement FROM tandem.skipped WHERE channel = 'skip-all'"
                    + " ORDER BY id")).containsExactly(List.of("1062", "INSERT of 3 row(s) in shop.items"),
                    List.of("1032", "UPDATE of 4 row(s) in shop.items"),
                    List.of("1032", "DELETE of 3 row(s) in shop.items"),
                    List.of("1062", "INSERT INTO shop.items VALUES (7, 7), (8, 8)"));
            assertThat(allChannel.status().eventsSkipped()).isEqualTo(4);

            // With only 1062 listed, a missing row stops both, at the same event, leaving the same data.
            awaitError(dupChannel);
            assertThat(dupReplica.awaitDoneOrStopped(WAIT)).isEqualTo(1032);
            assertThat(dupChannel.status().lastError()).contains("error 1032");
            assertThat(ChannelFixture.checksums(dupTarget, "shop")).isEqualTo(ChannelFixture.checksums(dupNative, "shop"));
            assertThat(checkpoint(dupTarget, "skip-1062")).isEqualTo(dupReplica.status().get("Relay_Master_Log_File")
                    + ":" + dupReplica.status().get("Exec_Master_Log_Pos"));
        }
    }

    @Test
    void ddlExistErrorsSkipsADuplicateCreateTableAsANativeReplicaDoes() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("ddl-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("ddl-dst", MariaDbOptions.master(2, 2));
                MariaDbServer nativeTarget = MariaDbServer.start("ddl-native",
                        MariaDbOptions.master(3, 2).withArgument("--slave-skip-errors=ddl_exist_errors"));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("ddl", source, target, LoopPrevention.SERVER_ID,
                    new ErrorPolicy(false, ErrorPolicy.DDL_EXIST_ERRORS, ExecMode.STRICT), ChangeFilter.APPLY_ALL));
            NativeReplica replica = NativeReplica.start(nativeTarget, source);
            for (MariaDbServer server : List.of(target, nativeTarget)) {
                server.execute("SET sql_log_bin=0", "CREATE DATABASE shop",
                        "CREATE TABLE shop.items (id INT PRIMARY KEY, v INT NOT NULL, extra INT NULL) ENGINE=InnoDB");
            }
            source.execute("CREATE DATABASE shop", ITEMS, "INSERT INTO shop.items VALUES (1, 1)",
                    "CREATE TABLE shop.other (id INT PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO shop.other VALUES (7)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            assertThat(replica.awaitDoneOrStopped(WAIT)).isZero();

            assertThat(ChannelFixture.checksums(target, "shop")).isEqualTo(ChannelFixture.checksums(nativeTarget, "shop"))
                    .containsKeys("items", "other");
            assertThat(target.queryRows("SELECT rule, error_code, statement FROM tandem.skipped ORDER BY id"))
                    .containsExactly(List.of("slave-skip-errors", "1007", "CREATE DATABASE shop"),
                            List.of("slave-skip-errors", "1050", ITEMS));
            assertThat(channel.status().eventsSkipped()).isEqualTo(2);
            BinlogEvents.Event create = BinlogEvents.last(source, "Query", ITEMS);
            assertThat(target.queryRows("SELECT binlog_file, binlog_position, gtid FROM tandem.skipped WHERE error_code = 1050"))
                    .containsExactly(List.of(create.file(), Long.toString(create.position()),
                            gtidOf(BinlogEvents.of(source).stream().filter(e -> e.type().equals("Gtid")
                                    && e.endPosition() == create.position()).findFirst().orElseThrow())));
        }
    }

    /**
     * IDEMPOTENT mode (binlog notes 7.3): a duplicate is overwritten with the source's row, an update of
     * a missing row inserts its after-image, a delete of a missing row is ignored; each is recorded, and
     * the target ends equal to the source. A native replica ignores the missing update instead, and so
     * would keep diverging; tandem repairs.
     */
    @Test
    void idempotentModeRepairsConflictsAndConvergesToTheSource() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("idem-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("idem-dst", MariaDbOptions.master(2, 2));
                ChannelFixture fixture = new ChannelFixture()) {
            ReplicationChannel channel = fixture.start(fixture.settings("idem", source, target, LoopPrevention.SERVER_ID,
                    new ErrorPolicy(false, Set.of(), ExecMode.IDEMPOTENT), ChangeFilter.APPLY_ALL));
            source.execute("CREATE DATABASE shop", ITEMS,
                    "INSERT INTO shop.items VALUES (100, 0), (101, 0), (102, 0), (103, 0), (104, 0)");
            ChannelFixture.awaitCaughtUp(WAIT, channel);
            target.execute("SET sql_log_bin=0", "INSERT INTO shop.items VALUES (2, 99)",
                    "DELETE FROM shop.items WHERE id IN (102, 103)");

            source.execute("BEGIN", "INSERT INTO shop.items VALUES (1, 1), (2, 2), (3, 3)",
                    "UPDATE shop.items SET v = 7 WHERE id IN (101, 102)", "DELETE FROM shop.items WHERE id IN (103, 104)",
                    "INSERT INTO shop.items VALUES (4, 4)", "COMMIT");
            ChannelFixture.awaitCaughtUp(WAIT, channel);

            assertThat(channel.status().state()).isEqualTo(ChannelState.RUNNING);
            assertThat(target.queryRows(ALL_ITEMS)).isEqualTo(source.queryRows(ALL_ITEMS));
            assertThat(ChannelFixture.checksums(target, "shop")).isEqualTo(ChannelFixture.checksums(source, "shop"));
            assertThat(ids(target)).containsExactly(1, 2, 3, 4, 100, 101, 102);
            assertThat(target.queryRows("SELECT rule, error_code, statement FROM tandem.skipped ORDER BY id"))
                    .containsExactly(List.of("idempotent", "1062", "INSERT of 3 row(s) in shop.items"),
                            List.of("idempotent", "1032", "UPDATE of 2 row(s) in shop.items"),
                            List.of("idempotent", "1032", "DELETE of 2 row(s) in shop.items"));
            assertThat(target.queryString("SELECT gtid FROM tandem.skipped LIMIT 1"))
                    .isEqualTo(gtidOf(BinlogEvents.last(source, "Gtid", "")));
            assertThat(channel.status().eventsSkipped()).isEqualTo(3);
        }
    }

    /**
     * The same policy and a filter written as configuration and started through the service, as an
     * operator's tandem.cnf would: {@code slave-skip-errors = ddl_exist_errors} and a wild ignore rule.
     */
    @Test
    void policyAndFiltersFromTheConfigurationReachTheChannel() throws Exception {
        try (MariaDbServer source = MariaDbServer.start("cfg-src", MariaDbOptions.master(1, 2));
                MariaDbServer target = MariaDbServer.start("cfg-dst", MariaDbOptions.master(2, 2))) {
            ReplicatorConfig config = ReplicatorConfig.builder()
                    .set("name", "cfg")
                    .server("src", server -> server.set("host", source.host()).set("port", source.port())
                            .set("user", "root"))
                    .server("dst", server -> server.set("host", target.host()).set("port", target.port())
                            .set("user", "root"))
                    .channel("src-to-dst", channel -> channel.set("source", "src").set("target", "dst")
                            .set("heartbeat-period", "500ms")
                            .set("slave-skip-errors", "ddl_exist_errors")
                            .set("replicate-wild-ignore-table", "shop.audit%"))
                    .build();
            target.execute("SET sql_log_bin=0", "CREATE DATABASE shop", ITEMS);
            try (Replicator replicator = Replicator.start(config)) {
                ReplicationChannel channel = replicator.channel("src-to-dst").orElseThrow();
                ChannelFixture.await("channel running", () -> channel.status().state() == ChannelState.RUNNING, WAIT,
                        () -> channel.status().toString());
                source.execute("CREATE DATABASE shop", ITEMS, "CREATE TABLE shop.audit_log (id INT PRIMARY KEY)",
                        "INSERT INTO shop.items VALUES (1, 1)", "INSERT INTO shop.audit_log VALUES (1)");
                ChannelFixture.awaitCaughtUp(WAIT, channel);
                assertThat(target.queryRows(ALL_ITEMS)).containsExactly(List.of("1", "1"));
                assertThat(target.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop'"
                        + " AND TABLE_NAME = 'audit_log'")).isZero();
                assertThat(target.queryRows("SELECT error_code, statement FROM tandem.skipped ORDER BY id"))
                        .containsExactly(List.of("1007", "CREATE DATABASE shop"), List.of("1050", ITEMS));
                assertThat(replicator.status()).singleElement().satisfies(status -> {
                    assertThat(status.eventsSkipped()).isEqualTo(2);
                    assertThat(status.state()).isEqualTo(ChannelState.RUNNING);
                });
            }
        }
    }

    private static void awaitError(ReplicationChannel channel) {
        ChannelFixture.await("channel " + channel.name() + " stops on the conflict",
                () -> channel.status().state() == ChannelState.ERROR, WAIT, () -> channel.status().toString());
    }

    private static String checkpoint(MariaDbServer target, String channel) {
        List<String> row = target.queryRows("SELECT binlog_file, binlog_position FROM tandem.checkpoint WHERE channel = '"
                + channel + "'").get(0);
        return row.get(0) + ":" + row.get(1);
    }

    private static long skippedRows(MariaDbServer target) {
        return target.queryLong("SELECT COUNT(*) FROM tandem.skipped");
    }

    private static List<Integer> ids(MariaDbServer server) {
        return server.queryRows("SELECT id FROM shop.items ORDER BY id").stream()
                .map(row -> Integer.parseInt(row.get(0))).toList();
    }

    /** {@code 1-1-7} from a Gtid event's info ({@code BEGIN GTID 1-1-7} or {@code GTID 1-1-7}). */
    private static String gtidOf(BinlogEvents.Event gtidEvent) {
        String info = gtidEvent.info();
        return info.substring(info.indexOf("GTID ") + 5).trim();
    }
}
