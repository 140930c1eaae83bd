package io.tandem.heartbeat.vip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {

    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final CommandRunner runner = CommandRunner.onHost();

    @Test
    void capturesExitCodeStdoutAndStderrSeparately() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), GENEROUS);

        assertThat(result.exitCode()).hasValue(3);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.output()).isEqualTo("out\n");
        assertThat(result.errorOutput()).isEqualTo("err\n");
        assertThat(result.command()).containsExactly("sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(result.describe()).contains("exited 3").contains(": err");
    }

    @Test
    void addsTheGivenEnvironmentAndClosesStdin() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo \"$HA_CURHOST\"; cat; echo end"),
                Map.of("HA_CURHOST", "db1"), GENEROUS);

        assertThat(result.output()).isEqualTo("db1\nend\n");
    }

    @Test
    void putsThePrefixBeforeEveryCommand() throws Exception {
        CommandRunner prefixed = CommandRunner.withPrefix(List.of("env", "TANDEM_PREFIXED=yes"));

        CommandResult result = prefixed.run(List.of("sh", "-c", "echo $TANDEM_PREFIXED"), GENEROUS);

        assertThat(result.output()).isEqualTo("yes\n");
        assertThat(result.command()).startsWith("env", "TANDEM_PREFIXED=yes", "sh");
    }

    @Test
    void runsInANetworkNamespaceThroughIpNetnsExec() {
        assertThat(CommandRunner.inNetworkNamespace("tandem-1")).isInstanceOf(ProcessCommandRunner.class);
        assertThatThrownBy(() -> CommandRunner.inNetworkNamespace("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandRunner.inNetworkNamespace("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void killsACommandAndTheProcessesItStartedWhenItRunsPastItsTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        String script = "sleep 60 & echo $! > " + pidFile + "; echo waiting; wait";

        CommandResult result = runner.run(List.of("sh", "-c", script), Duration.ofMillis(500));

        assertThat(result.isTimedOut()).isTrue();
        assertThat(result.exitCode()).isEmpty();
        assertThat(result.output()).isEqualTo("waiting\n");
        assertThat(result.describe()).contains("ran past its timeout");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        TestProcesses.awaitGone(child);
    }

    @Test
    void killsTheCommandWhenTheCallerIsInterrupted() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        String script = "sleep 60 & echo $! > " + pidFile + "; wait";
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                runner.run(List.of("sh", "-c", script), Duration.ofSeconds(60));
                thrown.complete(null);
            } catch (Exception e) {
                thrown.complete(e);
            }
        });
        TestProcesses.awaitFile(pidFile);

        caller.interrupt();

        assertThat(thrown.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        TestProcesses.awaitGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void doesNotWaitForADaemonThatKeptTheOutputOpen() throws Exception {
        // An init script's start leaves its daemon behind with the script's stdout; only the script is waited for.
        Path pidFile = dir.resolve("daemon.pid");
        String script = "sleep 60 & echo $! > " + pidFile + "; echo started";
        try {
            CommandResult result = runner.run(List.of("sh", "-c", script), GENEROUS);

            assertThat(result.isSuccess()).isTrue();
            assertThat(result.output()).isEqualTo("started\n");
        } finally {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void keepsOnlyTheEndOfALongOutput() throws Exception {
        // 20,000 lines of "line NNNNN" (11 bytes each): 220,000 bytes, more than the 64 KiB kept.
        CommandResult result = runner.run(List.of("sh", "-c", "seq -f 'line %05g' 1 20000"), GENEROUS);

        assertThat(result.output()).startsWith("[first ").endsWith("line 20000\n");
        assertThat(result.output().length()).isLessThan(CommandRunner.OUTPUT_LIMIT_BYTES + 100);
    }

    @Test
    void reportsAProgramThatCannotStart() {
        assertThatThrownBy(() -> runner.run(List.of(dir.resolve("missing").toString()), GENEROUS))
                .isInstanceOf(IOException.class);
    }
}
