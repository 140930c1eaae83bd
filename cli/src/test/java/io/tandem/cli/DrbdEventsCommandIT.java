package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code tandem drbd events} as a user runs it, with a {@code /bin/sh} stand-in for {@code drbdsetup events2} (the
 * hidden {@code --events2-argv}) and, where installed, the real drbdsetup on a machine without the kernel module.
 * Each stand-in ends as drbdsetup does without the module (exit 20), which is what ends the command; the timeout
 * interrupts a command that would otherwise follow on forever.
 */
@Timeout(60)
class DrbdEventsCommandIT {

    /** The DRBD 8.4 User's Guide events2 sample (DRBD notes, section 5.4), with a timestamp on its changes. */
    private static final List<String> UG_SAMPLE = List.of(
            "exists resource name:r0 role:Secondary suspended:no",
            "exists connection name:r0 peer-node-id:1 conn-name:remote-host connection:Connected role:Secondary",
            "exists device name:r0 volume:0 minor:7 disk:UpToDate",
            "exists peer-device name:r0 peer-node-id:1 conn-name:remote-host volume:0 replication:Established"
                    + " peer-disk:UpToDate resync-suspended:no",
            "exists -",
            "2024-05-01T10:00:00.000000+02:00 change connection name:r0 peer-node-id:1 conn-name:remote-host"
                    + " connection:StandAlone",
            "2024-05-01T10:00:00.000100+02:00 call helper name:r0 peer-node-id:1 conn-name:remote-host volume:0"
                    + " helper:split-brain");
    private static final Pattern LOG_LINE =
            Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} +(TRACE|DEBUG|INFO|WARN|ERROR) ");
    private static final String NO_MODULE = "printf 'Failed to modprobe drbd (No such file or directory)\\n' >&2;"
            + " exit 20";

    private static Tandem.Run events(List<String> lines, String end, String... arguments) {
        StringBuilder script = new StringBuilder();
        if (!lines.isEmpty()) {
            script.append("printf '%s\\n'");
            lines.forEach(line -> script.append(" '").append(line).append('\''));
            script.append("; ");
        }
        script.append(end);
        List<String> args = new ArrayList<>(List.of("drbd", "events"));
        args.addAll(List.of(arguments));
        for (String word : List.of("/bin/sh", "-c", script.toString(), "events2-stand-in")) {
            args.add("--events2-argv=" + word);
        }
        return Tandem.run(args.toArray(String[]::new));
    }

    /** The stdout lines that are output, not test logging (the test logback configuration writes to stdout). */
    private static List<String> outputLines(Tandem.Run run) {
        return run.out().lines().filter(line -> !LOG_LINE.matcher(line).lookingAt()).toList();
    }

    @Test
    void printsALinePerChangeAndTheSplitBrainLoudlyAndExits3WhenTheModuleGoes() {
        Tandem.Run run = events(UG_SAMPLE, NO_MODULE);

        assertThat(outputLines(run)).containsExactly(
                "r0 role:Secondary disk:UpToDate | remote-host connection:Connected role:Secondary"
                        + " replication:Established peer-disk:UpToDate",
                "2024-05-01T10:00:00.000000+02:00 r0 role:Secondary disk:UpToDate | remote-host"
                        + " connection:StandAlone role:Secondary replication:Established peer-disk:UpToDate",
                "2024-05-01T10:00:00.000000+02:00 *** SPLIT BRAIN SUSPECTED *** split brain suspected on r0: the"
                        + " connection to remote-host went StandAlone after being Connected; DRBD will not reconnect"
                        + " by itself (drbdadm disconnect also does this)",
                "2024-05-01T10:00:00.000100+02:00 *** SPLIT BRAIN *** split brain on r0 with remote-host: DRBD called"
                        + " its split-brain handler and dropped the connection; choose the victim from the evidence"
                        + " (tandem never picks one)");
        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).contains("no DRBD kernel module on this machine")
                .contains("Failed to modprobe drbd (No such file or directory)");
    }

    @Test
    void printsOneJsonObjectPerLine() throws Exception {
        Tandem.Run run = events(UG_SAMPLE, NO_MODULE, "--json");

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : outputLines(run)) {
            objects.add(mapper.readTree(line));
        }
        assertThat(objects).extracting(object -> object.get("event").asText()).containsExactly("resource_changed",
                "resource_changed", "split_brain", "split_brain", "events_process_ended");
        JsonNode first = objects.getFirst();
        assertThat(first.get("resource").asText()).isEqualTo("r0");
        assertThat(first.get("timestamp").isNull()).isTrue();
        assertThat(first.at("/status/peers/0/connection").asText()).isEqualTo("Connected");
        assertThat(objects.get(1).at("/status/peers/0/connection").asText()).isEqualTo("StandAlone");
        assertThat(objects.get(2).get("evidence").asText()).isEqualTo("connection_went_standalone");
        assertThat(objects.get(3).get("evidence").asText()).isEqualTo("handler_called");
        assertThat(objects.get(3).get("peer").asText()).isEqualTo("remote-host");
        JsonNode ended = objects.getLast();
        assertThat(ended.get("cause").asText()).isEqualTo("no_kernel_module");
        assertThat(ended.get("exit_code").asInt()).isEqualTo(20);
        assertThat(ended.get("lines_read").asInt()).isEqualTo(UG_SAMPLE.size());
        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
    }

    @Test
    void followsOnlyTheResourceNamed() {
        List<String> twoResources = List.of(
                "exists resource name:r0 role:Secondary suspended:no",
                "exists device name:r0 volume:0 minor:0 disk:UpToDate",
                "exists resource name:r1 role:Primary suspended:no",
                "exists device name:r1 volume:0 minor:1 disk:UpToDate",
                "exists -",
                "change resource name:r0 role:Primary");

        Tandem.Run run = events(twoResources, NO_MODULE, "r1");

        assertThat(outputLines(run)).containsExactly("r1 role:Primary disk:UpToDate");
    }

    @Test
    void skipsAnUndecodableLineVisiblyAndReadsOn() {
        List<String> withGarbage = List.of(
                "exists resource name:r0 role:Secondary suspended:no",
                "exists -",
                "garbage from a newer drbdsetup",
                "change resource name:r0 role:Primary");

        Tandem.Run run = events(withGarbage, NO_MODULE);

        assertThat(outputLines(run)).containsExactly(
                "r0 role:Secondary",
                "# line 3 of drbdsetup events2 skipped (unknown events2 action \"garbage\"): garbage from a newer"
                        + " drbdsetup",
                "r0 role:Primary");
    }

    @Test
    void exits1WhenTheEventsProcessEndsWithoutPrintingALine() {
        Tandem.Run run = events(List.of(), "printf 'drbdsetup: Permission denied\\n' >&2; exit 1");

        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_FAILED);
        assertThat(run.err()).contains("drbdsetup events2 cannot run").contains("exited 1 after 0 lines")
                .contains("Permission denied");
    }

    @Test
    void exits1WhenDrbdsetupCannotBeStarted() {
        Tandem.Run run = Tandem.run("drbd", "events", "--events2-argv=/nonexistent/drbdsetup");

        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_FAILED);
        assertThat(run.err()).contains("could not start /nonexistent/drbdsetup").contains("drbd-utils");
    }

    @Test
    void exits3WithTheRealDrbdsetupOnAMachineWithoutTheKernelModule() {
        boolean drbdsetupOnPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "drbdsetup")));
        Assumptions.assumeTrue(drbdsetupOnPath, "drbdsetup is not installed (or not on the PATH)");
        Assumptions.assumeFalse(Files.exists(Path.of("/proc/drbd")), "this machine has a DRBD kernel module");

        Tandem.Run run = Tandem.run("drbd", "events");

        assertThat(run.exitCode()).isEqualTo(TandemCommand.EXIT_UNREACHABLE);
        assertThat(run.err()).contains("no DRBD kernel module on this machine")
                .contains("drbdsetup events2 --timestamps --statistics all exited 20");
        assertThat(outputLines(run)).isEmpty();
    }
}
