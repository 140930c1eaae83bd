package io.tandem.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fence step runs the real command and pings real addresses: only a clean exit and an answer let it pass. */
class FenceStepTest {

    @TempDir
    Path directory;

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void theFenceCommandGetsTheNodeAndMustExitZero() throws Exception {
        Path record = directory.resolve("fenced");
        Path script = directory.resolve("fence-peer");
        Files.writeString(script, "#!/bin/sh\necho \"$1 $TANDEM_FENCE_NODE\" >> '" + record + "'\n");
        script.toFile().setExecutable(true);
        FenceStep succeeding = new FenceStep(List.of(), Optional.of(script.toString()), Duration.ofSeconds(10), executor);
        assertThat(succeeding.isConfigured()).isTrue();
        assertThat(succeeding.apply("node1").get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(record).strip()).isEqualTo("node1 node1");

        FenceStep failing = new FenceStep(List.of(), Optional.of("exit 3"), Duration.ofSeconds(10), executor);
        assertThat(failing.apply("node1").get(20, TimeUnit.SECONDS)).isFalse();

        FenceStep hanging = new FenceStep(List.of(), Optional.of("sleep 30"), Duration.ofMillis(300), executor);
        assertThat(hanging.apply("node1").get(20, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void withoutAnAnsweringPingNodeThereIsNoQuorum() throws Exception {
        Assumptions.assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream()
                .readAllBytes()).strip()), "needs root for a network namespace");
        // A node whose uplink is gone: a namespace with nothing but its loopback.
        String namespace = "tdfence-" + ProcessHandle.current().pid();
        assertThat(new ProcessBuilder("ip", "netns", "add", namespace).start().waitFor()).isZero();
        try {
            new ProcessBuilder("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up").start().waitFor();
            List<String> inside = List.of("ip", "netns", "exec", namespace);
            FenceStep isolated = new FenceStep(List.of(InetAddress.getByName("10.10.10.254")), Optional.empty(),
                    Duration.ofSeconds(10), executor, inside);
            assertThat(isolated.apply("node1").get(20, TimeUnit.SECONDS)).isFalse();

            FenceStep oneAnswers = new FenceStep(List.of(InetAddress.getByName("10.10.10.254"),
                    InetAddress.getLoopbackAddress()), Optional.empty(), Duration.ofSeconds(10), executor, inside);
            assertThat(oneAnswers.apply("node1").get(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            new ProcessBuilder("ip", "netns", "delete", namespace).start().waitFor();
        }
        assertThat(new FenceStep(List.of(), Optional.empty(), Duration.ofSeconds(1), executor).isConfigured()).isFalse();
    }
}
