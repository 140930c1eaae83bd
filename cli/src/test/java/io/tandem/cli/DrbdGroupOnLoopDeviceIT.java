package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tandem.drbd.agent.DrbdDisk;
import io.tandem.drbd.agent.DrbdadmHost;
import io.tandem.heartbeat.config.ResourceGroup;
import io.tandem.heartbeat.config.ResourceSpec;
import io.tandem.heartbeat.resources.ActionTimeouts;
import io.tandem.heartbeat.resources.GroupOutcome;
import io.tandem.heartbeat.resources.GroupResult;
import io.tandem.heartbeat.resources.GroupRunner;
import io.tandem.heartbeat.resources.ResourceAgents;
import io.tandem.heartbeat.resources.ResourceScripts;
import io.tandem.heartbeat.resources.StopRetries;
import io.tandem.heartbeat.vip.ArpAnnouncer;
import io.tandem.heartbeat.vip.ArpSettings;
import io.tandem.heartbeat.vip.CommandRunner;
import io.tandem.testkit.StandInDrbdKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's group, {@code drbddisk::img_server Filesystem::DEVICE::MOUNTPOINT::ext4}, on one host with every part
 * real but the DRBD kernel module: tandem's group runner, its drbddisk over the real drbdadm (driving a {@link
 * StandInDrbdKernel}) reading the real mount table, and heartbeat's own Filesystem script (resource-agents) mounting
 * an ext4 loop device that the DRBD configuration names as the resource's device.
 *
 * <p>Start promotes, then mounts. Stop unmounts (the Filesystem script ends the process still holding the mount
 * point), then demotes, which drbddisk does only once the device has left the mount table. A disk that is not
 * UpToDate is never promoted, so its filesystem is never mounted.
 */
class DrbdGroupOnLoopDeviceIT {

    private static final Path FILESYSTEM_SCRIPT = Path.of("/etc/ha.d/resource.d/Filesystem");

    @TempDir
    Path directory;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Process> holders = new ArrayList<>();
    private String loopDevice;
    private Path deviceLink;
    private Path mountPoint;
    private StandInDrbdKernel kernel;
    private GroupRunner runner;
    private ResourceGroup group;

    @BeforeEach
    void loopDeviceAndGroup() throws Exception {
        assumeTrue(run("id", "-u").strip().equals("0"), "loop devices and mounts need root");
        for (String tool : List.of("losetup", "mkfs.ext4", "drbdadm", "modprobe")) {
            assumeTrue(!run("sh", "-c", "command -v " + tool).isBlank(), tool + " is not installed");
        }
        assumeTrue(Files.isExecutable(FILESYSTEM_SCRIPT), FILESYSTEM_SCRIPT + " is missing: install heartbeat");

        Path image = directory.resolve("disk.img");
        run("truncate", "-s", "64M", image.toString());
        loopDevice = run("losetup", "--find", "--show", image.toString()).strip();
        run("mkfs.ext4", "-q", loopDevice);
        // drbdadm accepts a device named /dev/drbd_* with an explicit minor; it stands for /dev/drbd0 here
        deviceLink = Path.of("/dev/drbd_tandem" + ProcessHandle.current().pid());
        Files.deleteIfExists(deviceLink);
        Files.createSymbolicLink(deviceLink, Path.of(loopDevice));
        mountPoint = Files.createDirectories(directory.resolve("felix"));
        Path drbdConf = Files.writeString(directory.resolve("drbd.conf"), """
                resource img_server {
                  device    %s minor 0;
                  disk      /dev/sdb5;
                  meta-disk internal;
                  on wshuttle-test1 { address 127.0.0.1:7789; }
                  on wshuttle-test2 { address 127.0.0.2:7789; }
                }
                """.formatted(deviceLink));
        kernel = StandInDrbdKernel.create(directory.resolve("kernel"));
        Path procDrbd = Files.writeString(directory.resolve("proc-drbd"), "version: 8.4.11 (api:1/proto:86-101)\n");
        DrbdadmHost.Setup setup = new DrbdadmHost.Setup(List.of("drbdadm", "-c", drbdConf.toString(), "-s",
                kernel.script().toString(), "-m", kernel.script().toString()),
                Map.of("__DRBD_NODE__", "wshuttle-test1", "DRBD_DRIVER_VERSION_OVERRIDE", "8.4.11"), procDrbd,
                Path.of("/proc/self/mounts"), Duration.ofSeconds(30));

        CommandRunner commands = CommandRunner.onHost();
        ResourceAgents agents = new ResourceAgents("wshuttle-test1", ResourceScripts.standard(), commands,
                ActionTimeouts.DEFAULTS, new ArpAnnouncer("wshuttle-test1", commands, executor, ArpSettings.DEFAULTS),
                DrbdResourceTypes.drbddisk(resource -> new DrbdDisk(resource, new DrbdadmHost(setup),
                        new DrbdDisk.Patience(6, 3, Duration.ofMillis(200)), DrbdDisk.Pause.SLEEP)));
        runner = new GroupRunner(agents, executor, StopRetries.DEFAULTS);
        String filesystem = "Filesystem::" + deviceLink + "::" + mountPoint + "::ext4";
        group = new ResourceGroup("wshuttle-test1", List.of(
                new ResourceSpec("drbddisk", List.of("img_server"), "drbddisk::img_server"),
                new ResourceSpec("Filesystem", List.of(deviceLink.toString(), mountPoint.toString(), "ext4"),
                        filesystem)));
        assertThat(agents.check(List.of(group))).isEmpty();
    }

    @AfterEach
    void removeEverything() throws Exception {
        holders.forEach(Process::destroyForcibly);
        executor.shutdownNow();
        if (mountPoint != null && isMounted()) {
            run("umount", "-l", mountPoint.toString());
        }
        if (deviceLink != null) {
            Files.deleteIfExists(deviceLink);
        }
        if (loopDevice != null) {
            run("losetup", "-d", loopDevice);
        }
    }

    @Test
    void promoteThenMountAndUnmountThenDemoteWithTheDataKept() throws Exception {
        GroupResult started = runner.start(group).get(60, TimeUnit.SECONDS);

        assertThat(started.outcome()).as(started.toString()).isEqualTo(GroupOutcome.STARTED);
        assertThat(kernel.role()).startsWith("Primary");
        assertThat(isMounted()).isTrue();
        Files.writeString(mountPoint.resolve("ibdata1"), "rows written while Primary\n");
        Process holder = new ProcessBuilder("sleep", "300").directory(mountPoint.toFile()).start();
        holders.add(holder);

        GroupResult stopped = runner.stop(group).get(60, TimeUnit.SECONDS);

        assertThat(stopped.outcome()).as(stopped.toString()).isEqualTo(GroupOutcome.STOPPED);
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).as("the Filesystem script ended the holder").isTrue();
        assertThat(isMounted()).isFalse();
        assertThat(kernel.role()).startsWith("Secondary");
        assertThat(kernel.calls()).containsSubsequence("primary 0", "secondary 0");

        assertThat(runner.start(group).get(60, TimeUnit.SECONDS).outcome()).isEqualTo(GroupOutcome.STARTED);
        assertThat(Files.readString(mountPoint.resolve("ibdata1"))).isEqualTo("rows written while Primary\n");
        assertThat(runner.stop(group).get(60, TimeUnit.SECONDS).outcome()).isEqualTo(GroupOutcome.STOPPED);
    }

    @Test
    void anOutdatedDiskIsNeitherPromotedNorMounted() throws Exception {
        kernel.state("Secondary/Unknown", "Outdated/DUnknown", "WFConnection");

        GroupResult started = runner.start(group).get(60, TimeUnit.SECONDS);

        assertThat(started.outcome()).isNotEqualTo(GroupOutcome.STARTED);
        assertThat(started.failure()).hasValueSatisfying(failure -> assertThat(failure.output())
                .contains("Refusing to promote img_server: the local disk is Outdated"));
        assertThat(isMounted()).isFalse();
        assertThat(kernel.calls()).noneMatch(call -> call.startsWith("primary"));
    }

    private boolean isMounted() throws IOException {
        String target = mountPoint.toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(line -> line.split(" ")[1].equals(target));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0 && !command[0].equals("sh")) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                    + output);
        }
        return output;
    }
}
