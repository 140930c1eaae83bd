package io.tandem.drbd.status;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tandem.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The monitor with real child processes: {@code /bin/sh} stand-ins that print the verbatim events2 samples, die,
 * or exit as drbdsetup does without a kernel module, and the real {@code drbdsetup events2} where it is installed.
 */
class Events2MonitorIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    // Short, so that a restart needs no long wait; still bounded and doubling.
    private static final Duration FIRST_RESTART = Duration.ofMillis(20);
    private static final Duration MAX_RESTART = Duration.ofMillis(200);

    @TempDir
    Path directory;

    private final List<DrbdEvent> events = new CopyOnWriteArrayList<>();
    private final List<Events2Monitor> monitors = new ArrayList<>();

    @AfterEach
    void closeMonitors() {
        monitors.forEach(Events2Monitor::close);
    }

    /** A monitor running {@code sh -c SCRIPT events2-stand-in [--now]}: the script sees --now as $1. */
    private Events2Monitor monitor(String script) {
        return monitor(List.of("/bin/sh", "-c", script, "events2-stand-in"));
    }

    private Events2Monitor monitor(List<String> command) {
        Events2Monitor monitor = Events2Monitor.start(Events2Monitor.Options.defaults().withCommand(command)
                .withRestartDelays(FIRST_RESTART, MAX_RESTART), events::add);
        monitors.add(monitor);
        return monitor;
    }

    private <T extends DrbdEvent> List<T> received(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void awaitEvents(String what, java.util.function.BooleanSupplier condition) {
        Await.until(what, condition, WAIT, events::toString);
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(Events2MonitorIT.class.getResource("/status/" + name).toURI());
    }

    @Test
    void reportsTheStatesOfAVerbatimSamplePrintedByARealProcess() throws Exception {
        monitor("cat '" + fixture("events2-84-ug.txt") + "'; exec sleep 30");

        awaitEvents("four states and the StandAlone signal", () -> events.size() == 5);

        assertThat(received(DrbdEvent.ResourceChanged.class))
                .extracting(changed -> changed.status().peer("remote-host").orElseThrow().connection().word())
                .containsExactly("Connected", "StandAlone", "Unconnected", "Connecting");
        assertThat(received(DrbdEvent.SplitBrain.class)).containsExactly(new DrbdEvent.SplitBrain("r0", "remote-host",
                DrbdEvent.Evidence.CONNECTION_WENT_STANDALONE, Optional.empty()));
        assertThat(received(DrbdEvent.EventsProcessEnded.class)).isEmpty();
    }

    @Test
    void reportsTheSplitBrainHandlerCallAndTheTimestamp() throws Exception {
        monitor("cat '" + fixture("events2-9-sync.txt") + "'; printf '%s\\n' '2024-05-01T10:00:00.000000+02:00 call"
                + " helper name:some-resource peer-node-id:1 conn-name:some-peer volume:0 helper:split-brain';"
                + " exec sleep 30");

        awaitEvents("the split-brain handler call", () -> !received(DrbdEvent.SplitBrain.class).isEmpty());

        assertThat(received(DrbdEvent.SplitBrain.class)).containsExactly(new DrbdEvent.SplitBrain("some-resource",
                "some-peer", DrbdEvent.Evidence.HANDLER_CALLED, Optional.of("2024-05-01T10:00:00.000000+02:00")));
        ResourceStatus last = received(DrbdEvent.ResourceChanged.class).getLast().status();
        assertThat(last.peer("some-peer").orElseThrow().volume(0).orElseThrow().resync().orElseThrow().percentDone())
                .isEqualTo(37.5);
    }

    @Test
    void reportsExit20WithTheModprobeMessageAsNoKernelModule() {
        monitor("printf 'sh: 1: /sbin/modprobe: not found\\nFailed to modprobe drbd (No such file or directory)\\n'"
                + " >&2; exit 20");

        awaitEvents("the end of the process", () -> !received(DrbdEvent.EventsProcessEnded.class).isEmpty());

        DrbdEvent.EventsProcessEnded ended = received(DrbdEvent.EventsProcessEnded.class).getFirst();
        assertThat(ended.cause()).isEqualTo(DrbdEvent.Cause.NO_KERNEL_MODULE);
        assertThat(ended.exitCode()).isEqualTo(OptionalInt.of(20));
        assertThat(ended.diagnostics()).endsWith("Failed to modprobe drbd (No such file or directory)");
        assertThat(ended.restartIn()).isEqualTo(FIRST_RESTART);
        assertThat(ended.description()).startsWith("no DRBD kernel module on this machine: /bin/sh -c");
    }

    @Test
    void countsAndLogsAGarbageLineAndReadsOn() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Events2Monitor.class);
        logger.addAppender(logged);
        try {
            Events2Monitor monitor = monitor("""
                    printf '%s\\n' \
                      'exists resource name:r0 role:Secondary suspended:no' \
                      'exists device name:r0 volume:0 minor:7 disk:UpToDate' \
                      'exists -' \
                      'garbage from a newer drbdsetup' \
                      'change resource name:r0 role:Primary'
                    exec sleep 30
                    """);

            awaitEvents("the change after the garbage", () -> received(DrbdEvent.ResourceChanged.class).size() == 2);

            assertThat(received(DrbdEvent.UndecodableLine.class)).singleElement().satisfies(undecodable -> {
                assertThat(undecodable.lineNumber()).isEqualTo(4);
                assertThat(undecodable.line()).isEqualTo("garbage from a newer drbdsetup");
                assertThat(undecodable.undecodableSoFar()).isEqualTo(1);
            });
            assertThat(monitor.undecodableLines()).isEqualTo(1);
            assertThat(received(DrbdEvent.ResourceChanged.class).getLast().status().role().state())
                    .isEqualTo(Role.PRIMARY);
            List<ILoggingEvent> warnings;
            synchronized (logged) {
                warnings = List.copyOf(logged.list);
            }
            assertThat(warnings).anySatisfy(warning -> {
                assertThat(warning.getLevel()).isEqualTo(Level.WARN);
                assertThat(warning.getFormattedMessage()).contains("line 4").contains("garbage from a newer drbdsetup");
            });
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void restartsWithNowAfterTheProcessDiesAndReportsWhatChangedMeanwhile() throws Exception {
        Path runs = directory.resolve("runs");
        Path died = directory.resolve("died");
        String standAlone = "printf '%s\\n' 'exists resource name:r0 role:Secondary suspended:no'"
                + " 'exists connection name:r0 peer-node-id:1 conn-name:remote-host connection:StandAlone role:Unknown'"
                + " 'exists -'";
        monitor("""
                if [ "$1" = --now ]; then echo now >> '%1$s'; %3$s; exit 0; fi
                echo follow >> '%1$s'
                if [ -e '%2$s' ]; then %3$s; exec sleep 30; fi
                touch '%2$s'
                printf '%%s\\n' 'exists resource name:r0 role:Secondary suspended:no' \
                  'exists connection name:r0 peer-node-id:1 conn-name:remote-host connection:Connected role:Secondary' \
                  'exists -'
                exit 1
                """.formatted(runs, died, standAlone));

        awaitEvents("the state listed again after the restart", () -> events.size() == 4);
        Await.until("the second following run", () -> lines(runs).size() == 3, WAIT, () -> lines(runs).toString());

        assertThat(lines(runs)).containsExactly("follow", "now", "follow");
        assertThat(events.get(0)).isInstanceOfSatisfying(DrbdEvent.ResourceChanged.class, changed -> assertThat(
                changed.status().peer("remote-host").orElseThrow().isConnected()).isTrue());
        assertThat(events.get(1)).isInstanceOfSatisfying(DrbdEvent.EventsProcessEnded.class, ended -> {
            assertThat(ended.cause()).isEqualTo(DrbdEvent.Cause.EXITED);
            assertThat(ended.exitCode()).isEqualTo(OptionalInt.of(1));
            assertThat(ended.linesRead()).isEqualTo(3);
            assertThat(ended.command()).doesNotContain("--now");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(DrbdEvent.ResourceChanged.class, changed -> assertThat(
                changed.status().peer("remote-host").orElseThrow().connection().state())
                .isEqualTo(ConnectionState.STANDALONE));
        assertThat(events.get(3)).isEqualTo(new DrbdEvent.SplitBrain("r0", "remote-host",
                DrbdEvent.Evidence.CONNECTION_WENT_STANDALONE, Optional.empty()));
    }

    @Test
    void closeEndsTheProcessAndWhatItStartedAndDeliversNothingMore() throws Exception {
        Path pids = directory.resolve("pids");
        Events2Monitor monitor = monitor("""
                sleep 30 &
                echo $$ $! > '%s'
                printf '%%s\\n' 'exists resource name:r0 role:Secondary suspended:no' 'exists -'
                wait
                """.formatted(pids));
        awaitEvents("the listed state", () -> events.size() == 1);
        Await.until("the pid file", () -> lines(pids).size() == 1, WAIT, () -> "no pid file yet");
        List<ProcessHandle> tree = Stream.of(lines(pids).getFirst().split(" "))
                .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow()).toList();
        assertThat(tree).allMatch(ProcessHandle::isAlive);

        monitor.close();

        Await.until("the shell and its sleep to end", () -> tree.stream().noneMatch(ProcessHandle::isAlive), WAIT,
                tree::toString);
        assertThat(events).hasSize(1);
        assertThat(received(DrbdEvent.EventsProcessEnded.class)).as("a requested stop is not an unexpected end")
                .isEmpty();
    }

    @Test
    void reportsTheMissingKernelModuleFromTheRealDrbdsetup() {
        Optional<Path> drbdsetup = Stream.of("/usr/sbin/drbdsetup", "/sbin/drbdsetup").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(drbdsetup.isPresent(), "drbdsetup is not installed");
        Assumptions.assumeFalse(Files.exists(Path.of("/proc/drbd")), "this machine has a DRBD kernel module");
        List<String> command = new ArrayList<>(Events2Monitor.DEFAULT_COMMAND);
        command.set(0, drbdsetup.get().toString());

        monitor(command);
        awaitEvents("drbdsetup to give up", () -> !received(DrbdEvent.EventsProcessEnded.class).isEmpty());

        DrbdEvent.EventsProcessEnded ended = received(DrbdEvent.EventsProcessEnded.class).getFirst();
        assertThat(ended.cause()).as(ended.description()).isEqualTo(DrbdEvent.Cause.NO_KERNEL_MODULE);
        assertThat(ended.exitCode()).isEqualTo(OptionalInt.of(20));
        assertThat(ended.description()).startsWith("no DRBD kernel module on this machine: ").contains("modprobe drbd");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
