package io.tandem.drbd.status;

import static io.tandem.drbd.status.Fixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** From events2 lines to what changed: the verbatim samples of the DRBD notes (section 5.4) as input. */
class Events2ChangeDetectorTest {

    private final List<DrbdEvent> events = new ArrayList<>();
    private final Events2ChangeDetector detector = new Events2ChangeDetector(events::add);
    private int lineNumber;

    private void feed(String text) {
        text.lines().forEach(line -> detector.accept(line, ++lineNumber));
    }

    private void restart() {
        detector.startStream();
        lineNumber = 0;
    }

    private List<ResourceStatus> changes() {
        return events.stream().filter(DrbdEvent.ResourceChanged.class::isInstance)
                .map(event -> ((DrbdEvent.ResourceChanged) event).status()).toList();
    }

    private static ConnectionState connectionOf(ResourceStatus status) {
        return status.peers().getFirst().connection().state();
    }

    @Test
    void reportsTheInitialListingOnceItIsCompleteThenEachChange() {
        feed(read("events2-84-ug.txt"));

        assertThat(changes()).extracting(Events2ChangeDetectorTest::connectionOf).containsExactly(
                ConnectionState.CONNECTED, ConnectionState.STANDALONE, ConnectionState.UNCONNECTED,
                ConnectionState.CONNECTING);
        assertThat(changes().getFirst().volume(0).orElseThrow().minor()).hasValue(7);
    }

    @Test
    void suspectsASplitBrainWhenAConnectedPeerGoesStandAloneAndSaysWhyItIsOnlySuspected() {
        feed(read("events2-84-ug.txt"));

        List<DrbdEvent> splitBrains = events.stream().filter(DrbdEvent.SplitBrain.class::isInstance).toList();
        assertThat(splitBrains).containsExactly(new DrbdEvent.SplitBrain("r0", "remote-host",
                DrbdEvent.Evidence.CONNECTION_WENT_STANDALONE, Optional.empty()));
        // The StandAlone state comes first, then the signal about it.
        assertThat(events.indexOf(splitBrains.getFirst())).isEqualTo(2);
        assertThat(((DrbdEvent.SplitBrain) splitBrains.getFirst()).description())
                .contains("suspected").contains("drbdadm disconnect");
    }

    @Test
    void reportsTheSplitBrainHandlerCallWithItsTimestamp() {
        feed(read("events2-84-ug.txt"));
        events.clear();

        feed("2024-05-01T10:00:00.000000+02:00 call helper name:r0 peer-node-id:1 conn-name:remote-host volume:0"
                + " helper:split-brain\n"
                + "2024-05-01T10:00:00.100000+02:00 response helper name:r0 peer-node-id:1 conn-name:remote-host"
                + " volume:0 helper:split-brain status:0\n"
                + "call helper name:r0 peer-node-id:1 conn-name:remote-host volume:0 helper:before-resync-target\n");

        assertThat(events).containsExactly(new DrbdEvent.SplitBrain("r0", "remote-host",
                DrbdEvent.Evidence.HANDLER_CALLED, Optional.of("2024-05-01T10:00:00.000000+02:00")));
    }

    @Test
    void reportsOnlyLinesThatChangeTheStatus() {
        feed(read("events2-9-sync.txt"));

        // exists - comes first here: every create is a change, but path and may_promote lines change no status.
        assertThat(changes()).hasSize(7);
        assertThat(changes().getLast().peers().getFirst().volume(0).orElseThrow().resync().orElseThrow()
                .percentDone()).isEqualTo(37.5);
    }

    @Test
    void afterARestartReportsOnlyWhatDiffersAndWhatWentAway() {
        feed("""
                exists resource name:r0 role:Primary suspended:no
                exists device name:r0 volume:0 minor:0 disk:UpToDate
                exists resource name:r1 role:Secondary suspended:no
                exists -
                """);
        events.clear();
        restart();

        feed("""
                exists resource name:r0 role:Primary suspended:no
                exists device name:r0 volume:0 minor:0 disk:UpToDate
                exists -
                """);

        assertThat(events).containsExactly(new DrbdEvent.ResourceRemoved("r1", Optional.empty()));
    }

    @Test
    void noticesAConnectionThatWentStandAloneDuringAGap() {
        feed(read("events2-84-ug.txt").lines().limit(5).map(line -> line + "\n").reduce("", String::concat));
        events.clear();
        restart();

        feed("""
                exists resource name:r0 role:Secondary suspended:no
                exists connection name:r0 peer-node-id:1 conn-name:remote-host connection:StandAlone role:Unknown
                exists device name:r0 volume:0 minor:7 disk:UpToDate
                exists peer-device name:r0 peer-node-id:1 conn-name:remote-host volume:0 replication:Off peer-disk:DUnknown
                exists -
                """);

        assertThat(events).hasSize(2).last().isEqualTo(new DrbdEvent.SplitBrain("r0", "remote-host",
                DrbdEvent.Evidence.CONNECTION_WENT_STANDALONE, Optional.empty()));
    }

    @Test
    void countsAnUndecodableLineChangesNothingAndReadsOn() {
        feed(read("events2-84-ug.txt").lines().limit(5).map(line -> line + "\n").reduce("", String::concat));
        events.clear();

        feed("""
                change wormhole name:r0 flux:high
                change connection name:r0 peer-node-id:1 conn-name:remote-host connection:Connecting
                """);

        assertThat(events).hasSize(2);
        assertThat(events.getFirst()).isEqualTo(new DrbdEvent.UndecodableLine(
                6, "change wormhole name:r0 flux:high", "unknown events2 object \"wormhole\"", 1));
        assertThat(connectionOf(((DrbdEvent.ResourceChanged) events.getLast()).status()))
                .isEqualTo(ConnectionState.CONNECTING);
        assertThat(detector.undecodableLines()).isEqualTo(1);
    }

    @Test
    void reportsADestroyedResource() {
        feed(read("events2-9-sync.txt"));
        events.clear();

        feed("destroy resource name:some-resource\n");

        assertThat(events).containsExactly(new DrbdEvent.ResourceRemoved("some-resource", Optional.empty()));
    }
}
