package io.tandem.drbd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.drbd.command.NodeState;
import io.tandem.drbd.config.Dialect;
import io.tandem.testkit.StandInDrbdKernel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failover resource through the real drbdadm. Without a kernel module drbdadm can still parse the configuration
 * and drive a stand-in for the kernel tool ({@code drbdadm -s DRBDSETUP -m DRBDMETA}, DRBD notes section 4): here a
 * small script that keeps a role, disk and connection state in files and records each call. So the argv drbdadm
 * builds from the planned command, its exit codes and its output formats per dialect are the real ones; what the
 * kernel would decide is the model's business (DrbdDiskTest).
 */
class DrbdadmHostIT {

    private static final String RESOURCE = "img_server";
    private static final String HOST = "wshuttle-test1";

    @TempDir
    Path directory;

    private StandInDrbdKernel kernel;
    private Path mounts;

    @BeforeEach
    void standInKernel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/drbdadm")) || Files.isExecutable(Path.of("/sbin/drbdadm")),
                "drbdadm is not installed; install drbd-utils");
        kernel = StandInDrbdKernel.create(directory.resolve("kernel"));
        mounts = Files.writeString(directory.resolve("mounts"), "proc /proc proc rw 0 0\n");
    }

    private DrbdadmHost host(Dialect dialect) throws Exception {
        Path config = copy("command/" + switch (dialect) {
            case V83 -> "drbd83.conf";
            case V84 -> "drbd84.conf";
            case V9 -> "drbd9.conf";
        });
        Path procDrbd = Files.writeString(directory.resolve("proc-drbd"), switch (dialect) {
            case V83 -> "version: 8.3.16 (api:88/proto:86-97)\n";
            case V84 -> "version: 8.4.11 (api:1/proto:86-101)\n";
            case V9 -> "version: 9.2.0 (api:2/proto:86-121)\n";
        });
        String stub = kernel.script().toString();
        return new DrbdadmHost(new DrbdadmHost.Setup(List.of("drbdadm", "-c", config.toString(), "-s", stub, "-m",
                stub), Map.of("__DRBD_NODE__", HOST, "DRBD_DRIVER_VERSION_OVERRIDE", dialect.moduleVersion()),
                procDrbd, mounts, Duration.ofSeconds(30)));
    }

    private Path copy(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            Path target = directory.resolve(Path.of(resource).getFileName());
            Files.write(target, in.readAllBytes());
            return target;
        }
    }

    private void unmountEverything() {
        try {
            Files.writeString(mounts, "proc /proc proc rw 0 0\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static DrbdDisk disk(DrbdadmHost host, DrbdDisk.Pause pause) {
        return new DrbdDisk(RESOURCE, host, DrbdDisk.Patience.DRBDDISK, pause);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSurvivorIsPromotedThroughDrbdadmInEachDialect(Dialect dialect) throws Exception {
        DrbdadmHost host = host(dialect);
        kernel.state("Secondary/Unknown", "UpToDate/DUnknown", "WFConnection");
        kernel.status("""
                img_server role:Secondary
                  disk:UpToDate
                  wshuttle-test2 connection:Connecting
                """);

        NodeState before = host.state(RESOURCE);
        DrbdDisk.Answer started = disk(host, (action, attempt, d) -> {}).start();

        assertThat(host.dialect()).isEqualTo(dialect);
        assertThat(before).isEqualTo(new NodeState(NodeState.Role.SECONDARY, NodeState.DiskState.UPTODATE,
                NodeState.DiskState.DUNKNOWN, NodeState.Connection.CONNECTING, false,
                NodeState.DataComparison.UNKNOWN));
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(kernel.calls()).anyMatch(call -> call.contains("primary"));
        assertThat(disk(host, (action, attempt, d) -> {}).status())
                .isEqualTo(new DrbdDisk.Answer(0, "running (Primary)\n"));
    }

    @Test
    void anOutdatedDiskIsRefusedBeforeDrbdadmIsAskedToPromote() throws Exception {
        DrbdadmHost host = host(Dialect.V84);
        kernel.state("Secondary/Unknown", "Outdated/DUnknown", "WFConnection");

        DrbdDisk.Answer started = disk(host, (action, attempt, d) -> {}).start();

        assertThat(started.exitCode()).isEqualTo(DrbdDisk.EXIT_GENERIC_ERROR);
        assertThat(started.output()).contains("the local disk is Outdated");
        assertThat(kernel.calls()).containsExactly("role 0", "dstate 0", "cstate 0");
    }

    @Test
    void drbdadmsExitCodeElevenIsRetriedAndTheSecondAttemptPromotes() throws Exception {
        DrbdadmHost host = host(Dialect.V84);
        kernel.state("Secondary/Primary", "UpToDate/UpToDate", "Connected");
        kernel.failNext(11, 0);

        DrbdDisk.Answer started = disk(host, (action, attempt, d) -> {}).start();

        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("drbdadm primary img_server exited 11");
        assertThat(kernel.calls()).filteredOn(call -> call.contains("primary")).hasSize(2);
    }

    @Test
    void onDrbd9APromotionWaitsForARunningResyncToFinish() throws Exception {
        DrbdadmHost host = host(Dialect.V9);
        kernel.status("""
                img_server role:Secondary
                  disk:Inconsistent
                  wshuttle-test2 role:Primary
                    replication:SyncTarget peer-disk:UpToDate done:37.50
                """);
        String resynced = """
                img_server role:Secondary
                  disk:UpToDate
                  wshuttle-test2 role:Secondary
                    peer-disk:UpToDate
                """;

        DrbdDisk.Answer started = disk(host, (action, attempt, d) -> kernel.status(resynced)).start();

        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("the local disk is Inconsistent").contains("promoted to Primary");
        assertThat(kernel.calls()).filteredOn(call -> call.contains("primary")).hasSize(1);
    }

    @Test
    void demotionWaitsUntilTheDeviceLeavesTheMountTable() throws Exception {
        DrbdadmHost host = host(Dialect.V84);
        kernel.state("Primary/Secondary", "UpToDate/UpToDate", "Connected");
        Files.writeString(mounts, "/dev/drbd0 /felix ext3 rw,relatime 0 0\n", java.nio.file.StandardOpenOption.APPEND);

        DrbdDisk.Answer stopped = disk(host, (action, attempt, d) -> unmountEverything()).stop();

        assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        assertThat(stopped.output()).contains("its device is mounted").contains("demoted to Secondary");
        assertThat(kernel.calls()).filteredOn(call -> call.contains("secondary")).hasSize(1);
        assertThat(kernel.role()).startsWith("Secondary");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void theSplitBrainVictimsStepsReachTheKernelToolInEachDialect(Dialect dialect) throws Exception {
        DrbdadmHost host = host(dialect);
        kernel.state("Secondary/Unknown", "UpToDate/DUnknown", "StandAlone");
        kernel.status("""
                img_server role:Secondary
                  disk:UpToDate
                  wshuttle-test2 connection:StandAlone
                """);

        PlanExecutor.Outcome outcome = new PlanExecutor(host).execute(
                new io.tandem.drbd.command.Intent.ReconnectAfterSplitBrainDiscarding(), RESOURCE, true, false);

        assertThat(outcome).as(outcome.toString()).isInstanceOf(PlanExecutor.Outcome.Done.class);
        assertThat(kernel.calls()).anyMatch(call -> call.contains("disconnect"))
                // 8.3's drbdadm connects with "drbdsetup MINOR net ...", 8.4 and 9 with "drbdsetup connect ..."
                .anyMatch(call -> call.endsWith("--discard-my-data") && (call.contains("connect ")
                        || call.startsWith("0 net ")));
    }

    @Test
    void withoutAKernelModuleStatusSaysStoppedStopSucceedsAndStartExplains() throws Exception {
        assumeFalse(Files.exists(Path.of("/proc/drbd")), "this host has a DRBD kernel module; the test is for one "
                + "without");
        DrbdadmHost host = new DrbdadmHost(DrbdadmHost.Setup.standard());
        DrbdDisk disk = new DrbdDisk(RESOURCE, host, new DrbdDisk.Patience(2, 2, Duration.ZERO),
                (action, attempt, d) -> {});

        assertThat(disk.status()).isEqualTo(new DrbdDisk.Answer(3, "stopped (Unconfigured)\n"));
        assertThat(disk.stop().exitCode()).isZero();
        DrbdDisk.Answer started = disk.start();
        assertThat(started.exitCode()).isEqualTo(1);
        assertThat(started.output()).contains("no DRBD kernel module: /proc/drbd is missing (load it with modprobe "
                + "drbd)");
    }

    @Test
    void onAHostWithTheKernelModuleTheStateOfEveryConfiguredResourceIsRead() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/drbd")), "no DRBD kernel module on this host (/proc/drbd is missing): "
                + "reading a live resource's state through drbdadm is not verified here");
        DrbdadmHost host = new DrbdadmHost(DrbdadmHost.Setup.standard());
        Process resources = new ProcessBuilder("drbdadm", "sh-resources").start();
        String names = new String(resources.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(resources.waitFor() == 0 && !names.isEmpty(), "no DRBD resource is configured on this host");
        for (String name : names.split("\\s+")) {
            NodeState state = host.state(name);
            assertThat(state.localRole()).as(name).isNotEqualTo(NodeState.Role.UNKNOWN);
        }
    }
}
