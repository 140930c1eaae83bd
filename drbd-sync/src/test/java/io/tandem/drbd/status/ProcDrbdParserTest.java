package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.parsed;
import static io.tandem.drbd.status.Fixtures.read;
import static io.tandem.drbd.status.Fixtures.unknownFormat;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcDrbdParserTest {

    @Test
    void readsTheUsersGuide84SampleWithTwoConnectedMinors() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-84-ug-connected.txt")));

        assertThat(status.release()).isEqualTo("8.4.0");
        assertThat(status.api()).isEqualTo(1);
        assertThat(status.protocolRange()).isEqualTo("86-100");
        assertThat(status.layout()).isEqualTo(ProcDrbdLayout.DRBD_8_4);
        assertThat(status.buildTag()).hasValueSatisfying(tag -> assertThat(tag).startsWith("GIT-hash: 09b6d528"));
        assertThat(status.minors()).hasSize(2);
        var minor1 = (ProcDrbdMinor.Configured) status.minor(1).orElseThrow();
        assertThat(minor1.role().state()).isEqualTo(Role.PRIMARY);
        assertThat(minor1.peerRole().state()).isEqualTo(Role.SECONDARY);
        assertThat(minor1.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(minor1.replication().state()).isEqualTo(ReplicationState.ESTABLISHED);
        assertThat(minor1.disk().state()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(minor1.peerDisk().state()).isEqualTo(DiskState.UP_TO_DATE);
        assertThat(minor1.protocol()).isEqualTo("C");
        assertThat(minor1.flags()).isEqualTo("r---");
        assertThat(minor1.counter("oos")).hasValue(0);
        assertThat(minor1.counters()).containsEntry("wo", "b");
        assertThat(minor1.resync()).isEmpty();
        var minor0 = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();
        assertThat(minor0.counter("dr")).hasValue(656);
    }

    @Test
    void tellsAn83FileFromAn84OneByItsVersionLine() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-83-primary-primary.txt")));

        assertThat(status.layout()).isEqualTo(ProcDrbdLayout.DRBD_8_3_OR_OLDER);
        assertThat(status.api()).isEqualTo(88);
        var minor = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();
        assertThat(minor.role().state()).isEqualTo(Role.PRIMARY);
        assertThat(minor.peerRole().state()).isEqualTo(Role.PRIMARY);
        assertThat(minor.counter("ns")).hasValue(1120832);
    }

    @Test
    void acceptsThePre83StSpellingOfRoles() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-82-st.txt")));

        var minor = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();
        assertThat(minor.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(minor.counter("oos")).isEmpty();
        assertThat(minor.counter("bm")).hasValue(64);
    }

    @Test
    void readsResyncProgressWithThousandsSeparatorsAndAnUnconfiguredMinor() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-84-sync-target.txt")));

        assertThat(status.buildTag()).hasValue("srcversion: 1C8B2D6A4E0F3B5D7C9E1A2");
        var syncing = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();
        assertThat(syncing.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(syncing.replication().state()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(syncing.replication().word()).isEqualTo("SyncTarget");
        assertThat(syncing.disk().state()).isEqualTo(DiskState.INCONSISTENT);
        ResyncProgress progress = syncing.resync().orElseThrow();
        assertThat(progress.percentDone()).isEqualTo(38.6);
        assertThat(progress.timeToFinish()).hasValue(Duration.ofMinutes(5).plusSeconds(14));
        assertThat(progress.kibPerSecond()).hasValue(100_224);
        assertThat(progress.stalled()).isFalse();
        assertThat(status.minor(1)).hasValue(new ProcDrbdMinor.Unconfigured(1));
    }

    @Test
    void mapsWfConnectionToConnectingAndKeepsStandAloneWithoutProtocolLetter() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-84-disconnected.txt")));

        var waiting = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();
        assertThat(waiting.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(waiting.connection().word()).isEqualTo("WFConnection");
        assertThat(waiting.replication().state()).isEqualTo(ReplicationState.OFF);
        assertThat(waiting.peerRole().state()).isEqualTo(Role.UNKNOWN);
        assertThat(waiting.peerDisk().state()).isEqualTo(DiskState.DUNKNOWN);
        var standAlone = (ProcDrbdMinor.Configured) status.minor(1).orElseThrow();
        assertThat(standAlone.connection().state()).isEqualTo(ConnectionState.STANDALONE);
        assertThat(standAlone.protocol()).isEmpty();
        assertThat(standAlone.flags()).isEqualTo("r-----");
        var diskless = (ProcDrbdMinor.Configured) status.minor(2).orElseThrow();
        assertThat(diskless.disk().state()).isEqualTo(DiskState.DISKLESS);
    }

    @Test
    void convertsAMinorToTheCommonModelUnderTheNameTheCallerGives() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-84-sync-target.txt")));
        var minor = (ProcDrbdMinor.Configured) status.minor(0).orElseThrow();

        ResourceStatus resource = minor.toResourceStatus("img_server", 0);

        assertThat(resource.name()).isEqualTo("img_server");
        assertThat(resource.role().state()).isEqualTo(Role.SECONDARY);
        assertThat(resource.suspended()).hasValue(false);
        assertThat(resource.volume(0).orElseThrow().minor()).hasValue(0);
        PeerStatus peer = resource.peers().getFirst();
        assertThat(peer.name()).isEmpty();
        assertThat(peer.role().state()).isEqualTo(Role.PRIMARY);
        PeerVolumeStatus peerVolume = peer.volume(0).orElseThrow();
        assertThat(peerVolume.replication().state()).isEqualTo(ReplicationState.SYNC_TARGET);
        assertThat(peerVolume.outOfSyncKib()).hasValue(32329728);
        assertThat(peerVolume.resync().orElseThrow().percentDone()).isEqualTo(38.6);
    }

    @Test
    void recognisesDrbd9ProcFileThatHasNoDeviceLines() {
        ProcDrbdStatus status = parsed(ProcDrbdParser.parse(read("proc-drbd-9.txt")));

        assertThat(status.layout()).isEqualTo(ProcDrbdLayout.DRBD_9);
        assertThat(status.release()).isEqualTo("9.2.8");
        assertThat(status.minors()).isEmpty();
    }

    @Test
    void keepsAnUnknownConnectionWordAsUnrecognizedWithItsText() {
        String text = "version: 8.4.11-1 (api:1/proto:86-101)\n"
                + " 0: cs:SomethingNew ro:Secondary/Secondary ds:UpToDate/Floating C r-----\n";

        var minor = (ProcDrbdMinor.Configured) parsed(ProcDrbdParser.parse(text)).minor(0).orElseThrow();

        assertThat(minor.connection().state()).isEqualTo(ConnectionState.UNRECOGNIZED);
        assertThat(minor.connection().word()).isEqualTo("SomethingNew");
        assertThat(minor.replication().state()).isEqualTo(ReplicationState.UNRECOGNIZED);
        assertThat(minor.peerDisk().isRecognized()).isFalse();
        assertThat(minor.peerDisk().word()).isEqualTo("Floating");
    }

    @Test
    void reportsTruncatedMinorLineWithItsLineNumber() {
        String text = "version: 8.4.11-1 (api:1/proto:86-101)\nsrcversion: X\n 0: cs:Connected ro:Secondary/Sec";

        var unknown = unknownFormat(ProcDrbdParser.parse(text));

        assertThat(unknown.lineNumber()).isEqualTo(3);
        assertThat(unknown.line()).isEqualTo(" 0: cs:Connected ro:Secondary/Sec");
        assertThat(unknown.reason()).contains("truncated");
    }

    @Test
    void reportsAFileThatIsNotProcDrbdAtLineOne() {
        var unknown = unknownFormat(ProcDrbdParser.parse("Personalities : [raid1]\nmd0 : active raid1\n"));

        assertThat(unknown.lineNumber()).isEqualTo(1);
        assertThat(unknown.line()).isEqualTo("Personalities : [raid1]");
    }

    @Test
    void reportsAnUnexpectedLineUnderAMinorInsteadOfSkippingIt() {
        String text = read("proc-drbd-84-ug-connected.txt") + "    something: else entirely\n";

        var unknown = unknownFormat(ProcDrbdParser.parse(text));

        assertThat(unknown.lineNumber()).isEqualTo(7);
        assertThat(unknown.reason()).contains("minor 1");
    }

    @Test
    void reportsEmptyInputAndAnUnsupportedRelease() {
        assertThat(unknownFormat(ProcDrbdParser.parse("")).lineNumber()).isZero();
        assertThat(unknownFormat(ProcDrbdParser.parse("version: 7.1.0 (api:1/proto:1-2)\n")).reason())
                .contains("7.1.0");
    }

    @Test
    void rejectsAResyncPercentageAbove100() {
        String text = "version: 8.4.11-1 (api:1/proto:86-101)\n"
                + " 0: cs:SyncSource ro:Primary/Secondary ds:UpToDate/Inconsistent C r-----\n"
                + "\t[====================] sync'ed:250.0% (0/51200)M\n";

        assertThat(unknownFormat(ProcDrbdParser.parse(text)).lineNumber()).isEqualTo(3);
    }
}
