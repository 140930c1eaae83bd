package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.drbd.status.DrbdEvent;
import io.tandem.drbd.status.DrbdadmStatusParser;
import io.tandem.drbd.status.ParseOutcome;
import io.tandem.drbd.status.ResourceStatus;
import io.tandem.heartbeat.HeartbeatStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's DRBD section of status.json, fed the monitor's events, as {@code tandem heartbeat status} shows it. */
class DrbdWatchTest {

    @TempDir
    Path directory;

    private static ResourceStatus parsed(String text) {
        return switch (DrbdadmStatusParser.parse(text)) {
            case ParseOutcome.Parsed<List<ResourceStatus>> parsed -> parsed.status().getFirst();
            case ParseOutcome.UnknownFormat<List<ResourceStatus>> unknown -> throw new AssertionError(unknown);
        };
    }

    @Test
    void statusShowsEachResourceTheResyncAndEverySplitBrainSeen() throws Exception {
        DrbdWatch watch = new DrbdWatch(() -> Instant.parse("2026-11-24T05:00:00Z"));
        watch.on(new DrbdEvent.ResourceChanged(parsed("""
                img_server role:Primary
                  disk:UpToDate
                  wshuttle-test2 role:Secondary
                    replication:SyncSource peer-disk:Inconsistent done:37.50
                """), Optional.empty()));
        watch.on(new DrbdEvent.SplitBrain("img_server", "wshuttle-test2", DrbdEvent.Evidence.HANDLER_CALLED,
                Optional.empty()));
        HeartbeatStatusFile.write(directory, new HeartbeatStatus(null, List.of(), List.of(), "STABLE", "", Map.of(),
                Map.of()), Instant.now(), Optional.of(watch.toJson()));

        Tandem.Run table = Tandem.run("heartbeat", "status", "--state-dir", directory.toString());
        Tandem.Run json = Tandem.run("heartbeat", "status", "--state-dir", directory.toString(), "--json");

        assertThat(table.out()).contains("DRBD img_server: Primary, UpToDate; peer wshuttle-test2 Connected "
                + "SyncSource Inconsistent 37.5% synced")
                .contains("*** SPLIT BRAIN at 2026-11-24T05:00:00Z: split brain on img_server with wshuttle-test2");
        assertThat(json.out()).contains("\"evidence\" : \"handler_called\"").contains("\"monitor\" : \"running\"");
    }

    @Test
    void aMonitorThatCannotSeeDrbdSaysWhy() throws Exception {
        DrbdWatch watch = new DrbdWatch(Instant::now);
        watch.on(new DrbdEvent.EventsProcessEnded(List.of("drbdsetup", "events2"),
                DrbdEvent.Cause.NO_KERNEL_MODULE, OptionalInt.of(20), "Failed to modprobe drbd", 0,
                Duration.ofSeconds(1)));
        HeartbeatStatusFile.write(directory, new HeartbeatStatus(null, List.of(), List.of(), "STABLE", "", Map.of(),
                Map.of()), Instant.now(), Optional.of(watch.toJson()));

        assertThat(Tandem.run("heartbeat", "status", "--state-dir", directory.toString()).out())
                .contains("DRBD: not watching: no DRBD kernel module on this machine: drbdsetup events2 exited 20: "
                        + "Failed to modprobe drbd");
    }
}
