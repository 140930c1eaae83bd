package io.tandem.drbd.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The monitor's decisions that need no process; {@link Events2MonitorIT} runs real ones. */
class Events2MonitorTest {

    @Test
    void readsExit20WithTheModprobeMessageAsNoKernelModule() {
        String stderr = "sh: 1: /sbin/modprobe: not found\nFailed to modprobe drbd (No such file or directory)";

        assertThat(Events2Monitor.causeOf(20, stderr)).isEqualTo(DrbdEvent.Cause.NO_KERNEL_MODULE);
        assertThat(Events2Monitor.causeOf(20, "Could not stat /proc/drbd: No such file or directory\n"
                + "Make sure that the DRBD kernel module is installed and can be loaded!"))
                .isEqualTo(DrbdEvent.Cause.NO_KERNEL_MODULE);
        assertThat(Events2Monitor.causeOf(20, "some-resource: No such resource")).isEqualTo(DrbdEvent.Cause.EXITED);
        assertThat(Events2Monitor.causeOf(1, stderr)).isEqualTo(DrbdEvent.Cause.EXITED);
    }

    @Test
    void describesTheMissingModuleFirstThenWhatDrbdsetupSaid() {
        var ended = new DrbdEvent.EventsProcessEnded(Events2Monitor.DEFAULT_COMMAND, DrbdEvent.Cause.NO_KERNEL_MODULE,
                OptionalInt.of(20), "Failed to modprobe drbd (No such file or directory)\n", 0, Duration.ofSeconds(1));

        assertThat(ended.description()).isEqualTo("no DRBD kernel module on this machine: drbdsetup events2"
                + " --timestamps --statistics all exited 20: Failed to modprobe drbd (No such file or directory)");
    }

    @Test
    void putsNowWhereDrbdsetupTakesItsOptionsAndAppendsItToOtherCommands() {
        assertThat(Events2Monitor.Options.defaults().resynchronisingCommand())
                .containsExactly("drbdsetup", "events2", "--now", "--timestamps", "--statistics", "all");
        assertThat(Events2Monitor.Options.defaults().withCommand(List.of("/bin/sh", "-c", "script", "stand-in"))
                .resynchronisingCommand()).containsExactly("/bin/sh", "-c", "script", "stand-in", "--now");
    }
}
