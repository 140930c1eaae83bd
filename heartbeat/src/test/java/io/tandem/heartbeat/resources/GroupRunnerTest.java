package io.tandem.heartbeat.resources;

import static io.tandem.heartbeat.resources.TestScripts.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.heartbeat.config.ResourceGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.tandem.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real scripts on a real executor; the pauses between stop attempts are recorded instead of taken. */
class GroupRunnerTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final ActionTimeouts QUICK_STOP =
            new ActionTimeouts(Duration.ofSeconds(20), Duration.ofMillis(300), Duration.ofSeconds(20));

    @TempDir
    Path root;

    private TestScripts test;
    private ExecutorService executor;
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        test = new TestScripts(root);
        executor = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    private GroupRunner runner(ActionTimeouts timeouts, StopRetries retries) {
        return new GroupRunner(test.agents(timeouts), executor, retries, pauses::add);
    }

    private GroupRunner runner() {
        return runner(ActionTimeouts.DEFAULTS, StopRetries.DEFAULTS);
    }

    private static GroupResult await(CompletableFuture<GroupResult> result) throws Exception {
        return result.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void startsLeftToRightCheckingEachStatusFirst() throws Exception {
        List.of("drbddisk", "Filesystem", "mysqld").forEach(test::resource);

        GroupResult result = await(runner().start(group("drbddisk", "Filesystem", "mysqld")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.groupKey()).isEqualTo("drbddisk");
        assertThat(result.action()).isEqualTo(ResourceAction.START);
        assertThat(test.calls()).containsExactly("drbddisk status", "drbddisk start", "Filesystem status",
                "Filesystem start", "mysqld status", "mysqld start");
        assertThat(result.steps()).extracting(ActionResult::outcome).containsExactly(ActionOutcome.STOPPED,
                ActionOutcome.SUCCEEDED, ActionOutcome.STOPPED, ActionOutcome.SUCCEEDED, ActionOutcome.STOPPED,
                ActionOutcome.SUCCEEDED);
        assertThat(result.failure()).isEmpty();
        assertThat(List.of("drbddisk", "Filesystem", "mysqld")).allMatch(test::isRunning);
    }

    @Test
    void skipsAResourceWhoseStatusSaysRunning() throws Exception {
        List.of("a", "b", "c").forEach(test::resource);
        test.markRunning("b");

        GroupResult result = await(runner().start(group("a", "b", "c")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(test.calls()).containsExactly("a status", "a start", "b status", "c status", "c start");
    }

    @Test
    void stopsRightToLeft() throws Exception {
        List.of("a", "b", "c").forEach(name -> {
            test.resource(name);
            test.markRunning(name);
        });

        GroupResult result = await(runner().stop(group("a", "b", "c")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(result.action()).isEqualTo(ResourceAction.STOP);
        assertThat(test.calls()).containsExactly("c stop", "b stop", "a stop");
        assertThat(List.of("a", "b", "c")).noneMatch(test::isRunning);
        assertThat(pauses).isEmpty();
    }

    @Test
    void stopsTheGroupAgainRightToLeftWhenAStartFails() throws Exception {
        test.resource("a");
        test.resource("b");
        test.resource("c", "echo 'c: cannot start' >&2; exit 1", test.stop("c"), test.status("c"));
        test.resource("d");
        test.markRunning("b");

        GroupResult result = await(runner().start(group("a", "b", "c", "d")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.START_FAILED);
        // b was found running and is stopped too: the group is held whole or not at all. d was never touched.
        assertThat(test.calls()).containsExactly("a status", "a start", "b status", "c status", "c start", "c stop",
                "b stop", "a stop");
        assertThat(result.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.resource()).isEqualTo("c");
            assertThat(failure.action()).isEqualTo(ResourceAction.START);
            assertThat(failure.exitCode()).hasValue(1);
            assertThat(failure.output()).contains("c: cannot start");
        });
        assertThat(List.of("a", "b", "c", "d")).noneMatch(test::isRunning);
    }

    @Test
    void retriesAFailedStopAfterAPause() throws Exception {
        test.resource("a");
        test.resource("b", test.start("b"), test.failsUntilCall("b", "stop", 3, test.stop("b")), test.status("b"));
        test.markRunning("a");
        test.markRunning("b");

        GroupResult result = await(runner().stop(group("a", "b")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(test.calls()).containsExactly("b stop", "b stop", "b stop", "a stop");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(result.steps()).extracting(ActionResult::outcome).containsExactly(ActionOutcome.FAILED,
                ActionOutcome.FAILED, ActionOutcome.SUCCEEDED, ActionOutcome.SUCCEEDED);
    }

    @Test
    void reportsStopFailedAfterTheRetriesAndLeavesTheResourcesBeforeItAlone() throws Exception {
        test.resource("a");
        test.resource("b", test.start("b"), "exit 1", test.status("b"));
        test.resource("c");
        List.of("a", "b", "c").forEach(test::markRunning);

        GroupResult result = await(runner(ActionTimeouts.DEFAULTS, new StopRetries(3, Duration.ofSeconds(1)))
                .stop(group("a", "b", "c")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOP_FAILED);
        assertThat(test.calls()).containsExactly("c stop", "b stop", "b stop", "b stop", "b stop", "b status");
        assertThat(pauses).hasSize(3);
        assertThat(result.failure()).hasValueSatisfying(failure -> {
            assertThat(failure.resource()).isEqualTo("b");
            assertThat(failure.action()).isEqualTo(ResourceAction.STOP);
        });
        assertThat(test.isRunning("a")).isTrue();
    }

    @Test
    void takesAFailedStopAsStoppedWhenStatusSaysStopped() throws Exception {
        // Not LSB-compliant: stop does its job and still exits 1. ResourceManager logs it and goes on; so do we.
        test.resource("a");
        test.resource("b", test.start("b"), test.stop("b") + "; exit 1", test.status("b"));
        test.markRunning("a");
        test.markRunning("b");

        GroupResult result = await(runner(ActionTimeouts.DEFAULTS, new StopRetries(1, Duration.ofSeconds(1)))
                .stop(group("a", "b")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(test.calls()).containsExactly("b stop", "b stop", "b status", "a stop");
    }

    @Test
    void doesNotRetryAStopThatRanPastItsTimeout() throws Exception {
        test.resource("a");
        test.resource("b", test.start("b"), "sleep 30", test.status("b"));
        test.markRunning("a");
        test.markRunning("b");

        GroupResult result = await(runner(QUICK_STOP, StopRetries.DEFAULTS).stop(group("a", "b")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOP_FAILED);
        assertThat(test.calls()).containsExactly("b stop", "b status");
        assertThat(result.failure().orElseThrow().outcome()).isEqualTo(ActionOutcome.TIMED_OUT);
        assertThat(pauses).isEmpty();
    }

    @Test
    void reportsStopFailedWhenTheRollbackOfAFailedStartCannotStop() throws Exception {
        test.resource("a");
        // b half-starts (its state is there) and fails; then it will not stop.
        test.resource("b", test.start("b") + "; exit 1", "exit 1", test.status("b"));

        GroupResult result = await(runner(ActionTimeouts.DEFAULTS, new StopRetries(0, Duration.ZERO))
                .start(group("a", "b")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOP_FAILED);
        assertThat(test.calls()).containsExactly("a status", "a start", "b status", "b start", "b stop", "b status");
        assertThat(test.isRunning("a")).isTrue();
    }

    @Test
    void failsTheStartOfAGroupWithAMissingScriptBeforeRunningAnything() throws Exception {
        test.resource("a");

        GroupResult result = await(runner().start(group("a", "mysqld")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.START_FAILED);
        assertThat(test.calls()).isEmpty();
        assertThat(result.failure().orElseThrow().detail()).contains("no script " + test.haDir.resolve("resource.d/mysqld"));
    }

    @Test
    void stopsWhatIsRightOfAMissingScriptAndReportsStopFailedThere() throws Exception {
        test.resource("a");
        test.resource("c");
        test.markRunning("a");
        test.markRunning("c");

        GroupResult result = await(runner().stop(group("a", "mysqld", "c")));

        assertThat(result.outcome()).isEqualTo(GroupOutcome.STOP_FAILED);
        assertThat(test.calls()).containsExactly("c stop");
        assertThat(result.failure().orElseThrow().resource()).isEqualTo("mysqld");
        assertThat(test.isRunning("a")).isTrue();
    }

    @Test
    void returnsAtOnceAndRunsActionsOnAGroupInTheOrderAsked() throws Exception {
        Path fifo = root.resolve("go");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        test.resource("a", "read line < " + fifo + "; " + test.start("a") + "; echo 'a started' >> " + test.log,
                test.stop("a"), test.status("a"));
        GroupRunner runner = runner();
        ResourceGroup group = group("a");

        CompletableFuture<GroupResult> start = runner.start(group);
        awaitCall("a start");
        CompletableFuture<GroupResult> stop = runner.stop(group);

        assertThat(start).isNotDone();
        assertThat(stop).isNotDone();
        CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fifo, "go\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(await(start).outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(await(stop).outcome()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(test.calls()).containsExactly("a status", "a start", "a started", "a stop");
    }

    private void awaitCall(String call) {
        Await.until("the call \"" + call + "\"", () -> test.calls().contains(call), BOUND, () -> "calls: " + test.calls());
    }
}
