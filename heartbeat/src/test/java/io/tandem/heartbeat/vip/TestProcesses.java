package io.tandem.heartbeat.vip;

import io.tandem.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waits on processes and the files they write, each wait bounded. */
final class TestProcesses {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private TestProcesses() {}

    /** Waits until {@code pid} is gone or a zombie: killed, only waiting for PID 1 to reap it. */
    static void awaitGone(long pid) throws InterruptedException {
        Await.until("process " + pid + " gone", () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                || isZombie(pid), BOUND, () -> "still alive");
    }

    /** Waits until {@code file} exists and is not empty. */
    static void awaitFile(Path file) throws Exception {
        Await.untilChecked(file + " written", () -> Files.exists(file) && Files.size(file) > 0, BOUND,
                () -> file + " missing or empty");
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
