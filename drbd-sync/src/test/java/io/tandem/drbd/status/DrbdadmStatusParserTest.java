package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.parsed;
import static io.tandem.drbd.status.Fixtures.read;
import static io.tandem.drbd.status.Fixtures.unknownFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DrbdadmStatusParserTest {

    @Test
    void readsTheShortFormOf84() {
        List<ResourceStatus> resources = parsed(DrbdadmStatusParser.parse(read("drbdadm-status-84-ug.txt")));

        assertThat(resources).hasSize(1);
        ResourceStatus home = resources.getFirst();
        assertThat(home.name()).isEqualTo("home");
        assertThat(home.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(home.suspended()).isEmpty();
        assertThat(home.volume(0).orElseThrow().disk().state()).isEqualTo(DiskState.UP_TO_DATE);
        PeerStatus peer = home.peer("peer").orElseThrow();
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(peer.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(peer.volume(0).orElseThrow().replication().state()).isEqualTo(ReplicationState.ESTABLISHED);
        assertThat(peer.volume(0).orElseThrow().peerDisk().state()).isEqualTo(DiskState.UP_TO_DATE);
    }

    @Test
    void readsVerboseStatisticsAndItsWrappedCounterLines() {
        ResourceStatus home =
                parsed(DrbdadmStatusParser.parse(read("drbdadm-status-84-ug-verbose-statistics.txt"))).getFirst();

        assertThat(home.suspended()).hasValue(false);
        assertThat(home.volumes()).hasSize(1);
        assertThat(home.volume(0).orElseThrow().minor()).hasValue(0);
        PeerVolumeStatus peerVolume = home.peer("peer").orElseThrow().volume(0).orElseThrow();
        assertThat(peerVolume.outOfSyncKib()).hasValue(0);
        assertThat(peerVolume.resync()).isEmpty();
    }

    @Test
    void readsAResyncInProgressAndADisklessPeer() {
        ResourceStatus resource = parsed(DrbdadmStatusParser.parse(read("drbdadm-status-9-resync.txt"))).getFirst();

        assertThat(resource.volume(0).orElseThrow().disk().state()).isEqualTo(DiskState.INCONSISTENT);
        PeerVolumeStatus fromNode2 = resource.peer("node2").orElseThrow().volume(0).orElseThrow();
        assertThat(fromNode2.replication().state()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(fromNode2.resync().orElseThrow().percentDone()).isEqualTo(19.40);
        assertThat(fromNode2.resync().orElseThrow().timeToFinish()).isEmpty();
        PeerVolumeStatus toNode3 = resource.peer("node3").orElseThrow().volume(0).orElseThrow();
        assertThat(toNode3.peerDisk().state()).isEqualTo(DiskState.DISKLESS);
        assertThat(toNode3.replication().state()).isEqualTo(ReplicationState.ESTABLISHED);
    }

    @Test
    void readsAPeerThatIsNotConnectedAsRoleUnknownWithoutVolumes() {
        ResourceStatus resource = parsed(DrbdadmStatusParser.parse(read("drbdadm-status-9-connecting.txt"))).getFirst();

        assertThat(resource.volume(0).orElseThrow().disk().state()).isEqualTo(DiskState.CONSISTENT);
        PeerStatus peer = resource.peer("mk-a02n02").orElseThrow();
        assertThat(peer.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(peer.isConnected()).isFalse();
        assertThat(peer.role().state()).isEqualTo(Role.UNKNOWN);
        assertThat(peer.volumes()).isEmpty();
    }

    @Test
    void readsSeveralResourcesSeparatedByBlankLines() {
        String text = read("drbdadm-status-84-ug.txt") + "\n" + read("drbdadm-status-9-connecting.txt");

        List<ResourceStatus> resources = parsed(DrbdadmStatusParser.parse(text));

        assertThat(resources).extracting(ResourceStatus::name).containsExactly("home", "lab-sysprep");
    }

    @Test
    void readsNoResourcesAsAnEmptyList() {
        assertThat(parsed(DrbdadmStatusParser.parse("# No currently configured DRBD found.\n"))).isEmpty();
    }

    @Test
    void ignoresUnknownKeysButKeepsUnknownStateWords() {
        String text = "r0 role:Secondary shiny-new-key:7\n  disk:Hovering future:yes\n  peer role:Secondary\n";

        ResourceStatus r0 = parsed(DrbdadmStatusParser.parse(text)).getFirst();

        assertThat(r0.volume(0).orElseThrow().disk().state()).isEqualTo(DiskState.UNRECOGNIZED);
        assertThat(r0.volume(0).orElseThrow().disk().word()).isEqualTo("Hovering");
        assertThat(r0.peer("peer").orElseThrow().role().state()).isEqualTo(Role.SECONDARY);
    }

    @Test
    void reportsAResourceLineCutBeforeItsRole() {
        var unknown = unknownFormat(DrbdadmStatusParser.parse("home role:Secondary\n  disk:UpToDate\nother\n"));

        assertThat(unknown.lineNumber()).isEqualTo(3);
        assertThat(unknown.line()).isEqualTo("other");
        assertThat(unknown.reason()).contains("role:");
    }

    @Test
    void reportsProcDrbdGivenInsteadOfDrbdadmStatus() {
        var unknown = unknownFormat(DrbdadmStatusParser.parse(read("proc-drbd-84-ug-connected.txt")));

        assertThat(unknown.lineNumber()).isEqualTo(1);
    }

    @Test
    void reportsAPeerVolumeLineWithoutAPeer() {
        var unknown = unknownFormat(DrbdadmStatusParser.parse("r0 role:Primary\n    peer-disk:UpToDate\n"));

        assertThat(unknown.lineNumber()).isEqualTo(2);
        assertThat(unknown.reason()).contains("before any peer");
    }
}
