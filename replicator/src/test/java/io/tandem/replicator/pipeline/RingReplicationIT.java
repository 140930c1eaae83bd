package io.tandem.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.replicator.config.ErrorPolicy;
import io.tandem.replicator.config.LoopPrevention;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three masters in a ring, A → B → C → A, each written to at once. Every transaction must travel the
 * ring once and stop at the server before its origin: the channel into the origin recognises it (by
 * the server id it is applied under, or by the origin its marker carries, which each hop must pass
 * on) and drops it. A transaction that went round again would be applied twice at its origin.
 */
class RingReplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @ParameterizedTest
    @EnumSource(LoopPrevention.class)
    void concurrentWritesOnThreeMastersConvergeAndEachTransactionTravelsOnce(LoopPrevention loopPrevention)
            throws Exception {
        try (MariaDbServer a = MariaDbServer.start("ring-a", MariaDbOptions.master(1, 3));
                MariaDbServer b = MariaDbServer.start("ring-b", MariaDbOptions.master(2, 3));
                MariaDbServer c = MariaDbServer.start("ring-c", MariaDbOptions.master(3, 3));
                ChannelFixture fixture = new ChannelFixture()) {
            List<MariaDbServer> ring = List.of(a, b, c);
            ReplicationChannel aToB = fixture.start(settings(fixture, "a-to-b", a, b, loopPrevention));
            ReplicationChannel bToC = fixture.start(settings(fixture, "b-to-c", b, c, loopPrevention));
            ReplicationChannel cToA = fixture.start(settings(fixture, "c-to-a", c, a, loopPrevention));
            ReplicationChannel[] channels = {aToB, bToC, cToA};

            a.execute("CREATE DATABASE felix");
            awaitRingCaughtUp(channels);
            b.execute(WriteLoad.TABLES);
            awaitRingCaughtUp(channels);
            for (MariaDbServer server : ring) {
                assertThat(server.queryLong("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='felix'"))
                        .as(server.name()).isEqualTo(2);
            }

            WriteLoad load = WriteLoad.start(ring, 1, 100);
            // Schema changes from every master while all write, including DDL the server rewrites.
            c.execute("ALTER TABLE felix.events ADD COLUMN source_server INT NULL");
            a.execute("CREATE TABLE felix.scratch (id INT PRIMARY KEY) ENGINE=InnoDB", "INSERT INTO felix.scratch VALUES (1)");
            load.join();
            // The DROP only once the CREATE has gone round, as an application would sequence them.
            awaitRingCaughtUp(channels);
            b.execute("DROP TABLE felix.scratch");
            awaitRingCaughtUp(channels);

            var expected = ChannelFixture.checksums(a, "felix");
            assertThat(expected).hasSize(2);
            assertThat(ChannelFixture.checksums(b, "felix")).isEqualTo(expected);
            assertThat(ChannelFixture.checksums(c, "felix")).isEqualTo(expected);
            ChannelFixture.awaitBinlogsSettled(Duration.ofSeconds(3), Duration.ofSeconds(30), a, b, c);
            awaitRingCaughtUp(channels);
            for (ReplicationChannel channel : channels) {
                assertThat(channel.status().eventsSkipped()).as(channel.name()).isZero();
            }

            // Each server applied what the other two wrote, exactly once.
            long total = load.committedOn(a) + load.committedOn(b) + load.committedOn(c) + 1;
            for (MariaDbServer server : ring) {
                long own = load.committedOn(server) + (server == a ? 1 : 0);
                assertThat(rowTransactions(server)).as(server.name()).isEqualTo(total);
                assertThat(ownRowTransactions(server, loopPrevention)).as(server.name()).isEqualTo(own);
            }
            for (MariaDbServer server : ring) {
                assertThat(BinlogEvents.of(server).stream().filter(e -> e.type().equals("Query")
                        && e.info().contains("ADD COLUMN source_server")).count()).as(server.name()).isEqualTo(1);
            }
        }
    }

    private static void awaitRingCaughtUp(ReplicationChannel... channels) {
        // One pass per hop: what B applies from A is C's to read only after B has written it.
        for (int hop = 0; hop < channels.length; hop++) {
            ChannelFixture.awaitCaughtUp(WAIT, channels);
        }
    }

    private static ChannelSettings settings(ChannelFixture fixture, String name, MariaDbServer source,
            MariaDbServer target, LoopPrevention loopPrevention) {
        return fixture.settings(name, source, target, loopPrevention, ErrorPolicy.STRICT, ChangeFilter.APPLY_ALL);
    }

    /** Transactions in the server's binlog that wrote felix rows, whoever wrote them. */
    private static long rowTransactions(MariaDbServer server) {
        return BinlogEvents.groups(server).stream()
                .filter(group -> group.tableMaps().stream().anyMatch(table -> table.startsWith("felix.")))
                .count();
    }

    /**
     * Those written by the server's own clients: under server-id loop prevention the ones logged with
     * its own server id; under the marker, the ones without tandem's marker.
     */
    private static long ownRowTransactions(MariaDbServer server, LoopPrevention loopPrevention) {
        return BinlogEvents.groups(server).stream()
                .filter(group -> group.tableMaps().stream().anyMatch(table -> table.startsWith("felix.")))
                .filter(group -> loopPrevention == LoopPrevention.SERVER_ID
                        ? group.gtidEvent().serverId() == server.options().serverId()
                        : !group.tableMaps().contains("tandem.checkpoint"))
                .count();
    }
}
