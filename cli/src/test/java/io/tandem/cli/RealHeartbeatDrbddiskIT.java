package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.heartbeat.interop.HaCfSettings;
import io.tandem.heartbeat.interop.RealHeartbeatNode;
import io.tandem.heartbeat.interop.TwoHostNetwork;
import io.tandem.testkit.Await;
import io.tandem.testkit.StandInDrbdKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real heartbeat 3.0.6 with {@code tandem drbddisk} installed as its {@code resource.d/drbddisk}, the way README
 * tells users of the real daemon to: heartbeat reads tandem's words and exit codes as drbd-utils' script's. A lone
 * node takes its group after initdead (status says stopped, so it starts it: the resource is promoted) and releases
 * it on a graceful stop (demoted). DRBD is the real drbdadm driving a {@link StandInDrbdKernel}, since this kernel
 * has no DRBD module; drbdadm's {@code DRBD_DRIVER_VERSION_OVERRIDE} gives both it and tandem the 8.4 dialect.
 */
class RealHeartbeatDrbddiskIT {

    private static final String NODE = "wshuttle-test1";
    private static final HaCfSettings SETTINGS = HaCfSettings.capturedPair().withInitdead(Duration.ofSeconds(10))
            .withHaresources(List.of(NODE + " drbddisk::img_server"));
    /** initdead, the 3.0.6 resource request delay, then a JVM per script call. */
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(90);
    private static final Path TANDEM_JAR = Path.of("target", "tandem.jar").toAbsolutePath();

    @BeforeAll
    static void requireRealHeartbeatAndTheJar() {
        RealHeartbeatNode.assumeUsable();
        assumeTrue(Files.isRegularFile(TANDEM_JAR), TANDEM_JAR + " is not built (mvn package)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/drbdadm")), "drbdadm is not installed: drbd-utils");
    }

    @Test
    void heartbeatPromotesOnTakeoverAndDemotesOnReleaseThroughTandem() throws Exception {
        // Not @TempDir: heartbeat's files and log stay for a failed run; deleted at the end of a passing one.
        Path work = Files.createTempDirectory("tandem-hb-drbddisk-");
        StandInDrbdKernel kernel = StandInDrbdKernel.create(work.resolve("kernel"));
        installShim(work, kernel);

        try (TwoHostNetwork network = TwoHostNetwork.create();
                RealHeartbeatNode node = RealHeartbeatNode.start(NODE, network.first(), SETTINGS, work)) {
            Await.until("heartbeat promoted img_server through tandem drbddisk",
                    () -> kernel.role().startsWith("Primary"), TAKEOVER_TIMEOUT, () -> node.logTail(40));

            node.stop();

            assertThat(kernel.role()).as(node.logTail(40)).startsWith("Secondary");
            assertThat(kernel.calls()).containsSubsequence("primary 0", "secondary 0");
            assertThat(node.log()).contains("drbddisk img_server start").contains("drbddisk img_server stop");
        }
        deleteRecursively(work);
    }

    /** resource.d/drbddisk runs tandem; drbdadm reads a test configuration and drives the stand-in kernel tool. */
    private static void installShim(Path work, StandInDrbdKernel kernel) throws IOException, InterruptedException {
        Path drbdConf = Files.writeString(work.resolve("drbd.conf"), """
                resource img_server {
                  device    /dev/drbd0;
                  disk      /dev/sdb5;
                  meta-disk internal;
                  on wshuttle-test1 { address 10.10.10.20:7789; }
                  on wshuttle-test2 { address 10.10.10.21:7789; }
                }
                """);
        Path bin = Files.createDirectories(work.resolve("bin"));
        script(bin.resolve("drbdadm"), """
                #!/bin/sh
                exec /usr/sbin/drbdadm -s %1$s -m %1$s "$@"
                """.formatted(kernel.script()));
        // RealHeartbeatNode copies the package's /etc/ha.d only when the node has none yet: give it this one.
        Path haD = work.resolve(NODE).resolve("etc-ha.d");
        Files.createDirectories(haD.getParent());
        Process copy = new ProcessBuilder("cp", "-a", "/etc/ha.d/.", haD.toString()).inheritIO().start();
        assertThat(copy.waitFor()).isZero();
        script(haD.resolve("resource.d/drbddisk"), """
                #!/bin/sh
                # tandem's drbddisk, as README says to install it (with this test's DRBD around it)
                export PATH=%s:$PATH DRBD_DRIVER_VERSION_OVERRIDE=8.4.11
                exec %s -Dio.netty.noUnsafe=true -jar %s drbddisk -c %s "$@"
                """.formatted(bin, Path.of(System.getProperty("java.home"), "bin", "java"), TANDEM_JAR, drbdConf));
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
