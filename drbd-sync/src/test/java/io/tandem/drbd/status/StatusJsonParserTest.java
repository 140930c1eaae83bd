package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.parsed;
import static io.tandem.drbd.status.Fixtures.read;
import static io.tandem.drbd.status.Fixtures.unknownFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatusJsonParserTest {

    @Test
    void readsAResyncInProgressIgnoringKeysItDoesNotUse() {
        ResourceStatus resource =
                parsed(StatusJsonParser.parse(read("drbdsetup-status-json-resync.json"))).getFirst();

        assertThat(resource.name()).isEqualTo("img_server");
        assertThat(resource.role().state()).isEqualTo(Role.PRIMARY);
        assertThat(resource.suspended()).hasValue(false);
        VolumeStatus volume = resource.volume(0).orElseThrow();
        assertThat(volume.minor()).hasValue(0);
        assertThat(volume.disk().state()).isEqualTo(DiskState.UP_TO_DATE);
        PeerStatus peer = resource.peer("wshuttle-test2").orElseThrow();
        assertThat(peer.nodeId()).hasValue(1);
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(peer.role().state()).isEqualTo(Role.SECONDARY);
        PeerVolumeStatus peerVolume = peer.volume(0).orElseThrow();
        assertThat(peerVolume.replication().state()).isEqualTo(ReplicationState.SYNC_SOURCE);
        assertThat(peerVolume.peerDisk().state()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(peerVolume.outOfSyncKib()).hasValue(31457280);
        ResyncProgress progress = peerVolume.resync().orElseThrow();
        assertThat(progress.percentDone()).isEqualTo(40.0);
        assertThat(progress.timeToFinish()).hasValue(Duration.ofSeconds(314));
    }

    @Test
    void readsAStandAlonePeer() {
        PeerStatus peer = parsed(StatusJsonParser.parse(read("drbdsetup-status-json-standalone.json")))
                .getFirst()
                .peer("wshuttle-test2")
                .orElseThrow();

        assertThat(peer.connection().state()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(peer.role().state()).isEqualTo(Role.UNKNOWN);
        assertThat(peer.volume(0).orElseThrow().replication().state()).isEqualTo(ReplicationState.OFF);
        assertThat(peer.volume(0).orElseThrow().resync()).isEmpty();
    }

    @Test
    void readsTheSpeedFromTheMibPerSecondKey() {
        String json = "[{\"name\":\"r0\",\"role\":\"Secondary\",\"connections\":[{\"name\":\"b\","
                + "\"connection-state\":\"Connected\",\"peer-role\":\"Primary\",\"peer_devices\":[{\"volume\":0,"
                + "\"replication-state\":\"SyncTarget\",\"peer-disk-state\":\"UpToDate\",\"percent-resync-done\":12.5,"
                + "\"db/dt [MiB/s]\":2.00}]}]}]";

        ResyncProgress progress = parsed(StatusJsonParser.parse(json)).getFirst().peers().getFirst()
                .volumes().getFirst().resync().orElseThrow();

        assertThat(progress.kibPerSecond()).hasValue(2048);
        assertThat(progress.timeToFinish()).isEmpty();
    }

    @Test
    void reportsTruncatedJsonWithTheLineWhereItEnds() {
        String full = read("drbdsetup-status-json-resync.json");
        String truncated = full.substring(0, full.indexOf("\"connections\""));

        var unknown = unknownFormat(StatusJsonParser.parse(truncated));

        assertThat(unknown.lineNumber()).isGreaterThan(1);
        assertThat(unknown.reason()).startsWith("not valid JSON");
    }

    @Test
    void reportsAResourceWithoutARoleByItsPointer() {
        var unknown = unknownFormat(StatusJsonParser.parse("[{\"name\":\"r0\"}]"));

        assertThat(unknown.line()).isEqualTo("/0");
        assertThat(unknown.reason()).contains("role");
    }

    @Test
    void reportsAnObjectWhereAnArrayIsExpected() {
        assertThat(unknownFormat(StatusJsonParser.parse("{\"name\":\"r0\"}")).reason()).contains("array");
        assertThat(unknownFormat(StatusJsonParser.parse("")).lineNumber()).isZero();
    }

    @Test
    void keepsAnUnknownConnectionStateWord() {
        String json = "[{\"name\":\"r0\",\"role\":\"Secondary\",\"connections\":[{\"connection-state\":\"Quantum\"}]}]";

        PeerStatus peer = parsed(StatusJsonParser.parse(json)).getFirst().peers().getFirst();

        assertThat(peer.connection().state()).isEqualTo(ConnectionState.UNRECOGNIZED);
        assertThat(peer.connection().word()).isEqualTo("Quantum");
        assertThat(peer.name()).isEmpty();
    }
}
