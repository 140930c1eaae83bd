package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code tandem drbddisk}, as heartbeat runs a resource script: its words and exit codes are drbddisk's. */
class DrbddiskCommandIT {

    @Test
    void withoutAKernelModuleTheResourceIsStoppedAndCannotStart() {
        assumeFalse(Files.exists(Path.of("/proc/drbd")), "this machine has a DRBD kernel module");

        Tandem.Run status = Tandem.run("drbddisk", "img_server", "status");
        Tandem.Run stop = Tandem.run("drbddisk", "img_server", "stop");
        Tandem.Run start = Tandem.run("drbddisk", "img_server", "start");

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.out()).isEqualTo("stopped (Unconfigured)\n");
        assertThat(stop.exitCode()).as(stop.out()).isZero();
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.out()).contains("no DRBD kernel module");
    }

    @Test
    void aResourceNameIsRequiredAndUnknownActionsAreUsageErrors() {
        Tandem.Run status = Tandem.run("drbddisk", "status");
        Tandem.Run start = Tandem.run("drbddisk", "start");
        Tandem.Run restart = Tandem.run("drbddisk", "img_server", "restart");

        assertThat(status.exitCode()).isEqualTo(10);
        assertThat(status.out()).contains("A resource name is required for status inquiries.");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.out()).contains("drbddisk RESOURCE start");
        assertThat(restart.exitCode()).isEqualTo(1);
        assertThat(restart.out()).contains("Usage: drbddisk [resource] {start|stop|status}");
    }
}
