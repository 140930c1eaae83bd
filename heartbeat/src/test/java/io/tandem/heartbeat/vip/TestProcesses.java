package io.tandem.heartbeat.vip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Waits on processes and the files they write, each wait bounded. */
final class TestProcesses {

    private static final long BOUND_SECONDS = 20;

    private TestProcesses() {}

    /** Waits until {@code pid} is gone or a zombie: killed, only waiting for PID 1 to reap it. */
    static void awaitGone(long pid) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(BOUND_SECONDS);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid)) {
            assertThat(Instant.now()).as("process %d still alive", pid).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until {@code file} exists and is not empty. */
    static void awaitFile(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(BOUND_SECONDS);
        while (!Files.exists(file) || Files.size(file) == 0) {
            assertThat(Instant.now()).as("waiting for %s", file).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true; // gone
        }
    }
}
