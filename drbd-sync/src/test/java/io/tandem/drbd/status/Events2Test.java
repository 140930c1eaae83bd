package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.parsed;
import static io.tandem.drbd.status.Fixtures.read;
import static io.tandem.drbd.status.Fixtures.unknownFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class Events2Test {

    private static Events2State replay(String fixture) {
        Events2State state = new Events2State();
        List<String> lines = read(fixture).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            parsed(state.apply(lines.get(i), i + 1));
        }
        return state;
    }

    @Test
    void parsesAnEventWithColonsInsideValues() {
        var event = (Events2Line.ObjectEvent) parsed(Events2LineParser.parse(
                "create path name:some-resource peer-node-id:1 conn-name:some-peer local:ipv4:1.2.3.4:7789"
                        + " peer:ipv4:5.6.7.8:7790 established:no",
                5));

        assertThat(event.action()).isEqualTo(Events2Line.Action.CREATE);
        assertThat(event.object()).isEqualTo(Events2Line.ObjectType.PATH);
        assertThat(event.fields()).containsEntry("local", "ipv4:1.2.3.4:7789").containsEntry("established", "no");
        assertThat(event.timestamp()).isEmpty();
    }

    @Test
    void parsesTimestampsDiffValuesAndTheEndOfTheInitialDump() {
        var event = (Events2Line.ObjectEvent) parsed(Events2LineParser.parse(
                "2024-05-01T10:00:00.123456+02:00 change connection name:r0 peer-node-id:1 conn-name:b"
                        + " connection:StandAlone->Connected role:Unknown->Secondary",
                1));

        assertThat(event.timestamp()).hasValue("2024-05-01T10:00:00.123456+02:00");
        assertThat(event.fields()).containsEntry("connection", "Connected").containsEntry("role", "Secondary");
        assertThat(parsed(Events2LineParser.parse("exists -", 2)))
                .isEqualTo(new Events2Line.InitialStateComplete(java.util.Optional.empty()));
    }

    @Test
    void replaysTheDrbdUtilsSyncFixtureIntoAResyncInProgress() {
        Events2State state = replay("events2-9-sync.txt");

        assertThat(state.isInitialStateComplete()).isTrue();
        ResourceStatus resource = state.resource("some-resource").orElseThrow();
        assertThat(resource.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(resource.suspended()).hasValue(false);
        VolumeStatus volume = resource.volume(0).orElseThrow();
        assertThat(volume.minor()).hasValue(1000);
        assertThat(volume.disk().state()).isEqualTo(DiskState.UP_TO_DATE);
        PeerStatus peer = resource.peer("some-peer").orElseThrow();
        assertThat(peer.nodeId()).hasValue(1);
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(peer.role().state()).isEqualTo(Role.SECONDARY);
        PeerVolumeStatus peerVolume = peer.volume(0).orElseThrow();
        assertThat(peerVolume.replication().state()).isEqualTo(ReplicationState.SYNC_SOURCE);
        assertThat(peerVolume.peerDisk().state()).isEqualTo(DiskState.INCONSISTENT);
        assertThat(peerVolume.resync().orElseThrow().percentDone()).isEqualTo(37.5);
    }

    @Test
    void showsTheDisklessDeviceAndStandAlonePeerBeforeTheChanges() {
        Events2State state = new Events2State();
        List<String> lines = read("events2-9-sync.txt").lines().toList();
        for (int i = 0; i < 5; i++) {
            parsed(state.apply(lines.get(i), i + 1));
        }

        ResourceStatus resource = state.resource("some-resource").orElseThrow();
        assertThat(resource.volume(0).orElseThrow().disk().state()).isEqualTo(DiskState.DISKLESS);
        PeerStatus peer = resource.peer("some-peer").orElseThrow();
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(peer.role().state()).isEqualTo(Role.UNKNOWN);
        assertThat(peer.volume(0).orElseThrow().replication().state()).isEqualTo(ReplicationState.OFF);
    }

    @Test
    void followsAn84ConnectionThroughStandAloneToConnectingKeepingTheRest() {
        Events2State state = replay("events2-84-ug.txt");

        PeerStatus peer = state.resource("r0").orElseThrow().peer("remote-host").orElseThrow();
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        // change lines carry only what changed: the role from the initial dump is still merged in.
        assertThat(peer.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(state.resource("r0").orElseThrow().volume(0).orElseThrow().minor()).hasValue(7);
    }

    @Test
    void readsEtaAndSpeedFromStatisticsAndDropsProgressOnceTheSyncEnds() {
        Events2State state = replay("events2-9-sync.txt");
        state.apply("change peer-device name:some-resource peer-node-id:1 conn-name:some-peer volume:0"
                + " replication:SyncSource peer-disk:Inconsistent peer-client:no done:37.50 received:5 sent:10"
                + " out-of-sync:2500 pending:30 unacked:40 dbdt1:0.24 eta:10", 12);

        PeerVolumeStatus syncing = state.resource("some-resource").orElseThrow().peers().getFirst().volumes().getFirst();
        assertThat(syncing.resync().orElseThrow().timeToFinish()).hasValue(Duration.ofSeconds(10));
        assertThat(syncing.resync().orElseThrow().kibPerSecond()).hasValue(246);
        assertThat(syncing.outOfSyncKib()).hasValue(2500);

        state.apply("change peer-device name:some-resource peer-node-id:1 conn-name:some-peer volume:0"
                + " replication:Established peer-disk:UpToDate", 13);

        PeerVolumeStatus done = state.resource("some-resource").orElseThrow().peers().getFirst().volumes().getFirst();
        assertThat(done.resync()).isEmpty();
        assertThat(done.peerDisk().state()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void forgetsDestroyedConnectionsAndResources() {
        Events2State state = replay("events2-9-sync.txt");

        state.apply("destroy connection name:some-resource peer-node-id:1 conn-name:some-peer", 12);
        assertThat(state.resource("some-resource").orElseThrow().peers()).isEmpty();

        state.apply("destroy resource name:some-resource", 13);
        assertThat(state.resources()).isEmpty();
    }

    @Test
    void remembersSplitBrainHandlerCalls() {
        Events2State state = replay("events2-84-ug.txt");

        state.apply("call helper name:r0 peer-node-id:1 conn-name:remote-host volume:0 helper:split-brain", 9);
        state.apply("call helper name:r0 peer-node-id:1 conn-name:remote-host volume:0 helper:before-resync-target", 10);

        assertThat(state.splitBrainHandlerCalls())
                .containsExactly(new Events2State.SplitBrainHandlerCall("r0", "remote-host", java.util.Optional.empty()));
    }

    @Test
    void reportsUnknownActionsAndObjectsAndChangesNothing() {
        Events2State state = replay("events2-84-ug.txt");
        ResourceStatus before = state.resource("r0").orElseThrow();

        var action = unknownFormat(state.apply("teleport connection name:r0 conn-name:remote-host", 9));
        var object = unknownFormat(state.apply("change wormhole name:r0", 10));

        assertThat(action.lineNumber()).isEqualTo(9);
        assertThat(action.reason()).contains("teleport");
        assertThat(object.reason()).contains("wormhole");
        assertThat(state.resource("r0")).hasValue(before);
    }

    @Test
    void reportsTruncatedLines() {
        assertThat(unknownFormat(Events2LineParser.parse("change", 3)).reason()).contains("truncated");
        assertThat(unknownFormat(Events2LineParser.parse("change peer-device name:r0 conn-name:b", 4)).reason())
                .contains("volume:");
        assertThat(unknownFormat(Events2LineParser.parse("change connection role:Secondary", 5)).reason())
                .contains("name:");
    }
}
