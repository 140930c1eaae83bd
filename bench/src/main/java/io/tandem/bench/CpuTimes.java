package io.tandem.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used by processes: another mariadbd from {@code /proc/PID/stat} (Linux), this JVM from its
 * management bean. Two cores are shared by source, replica, tandem and sysbench, so who used the CPU
 * during a measurement says as much as the throughput does.
 */
final class CpuTimes {

    /** USER_HZ: the unit of utime and stime in /proc; 100 on every Linux architecture tandem runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private CpuTimes() {}

    /** User plus system CPU time of process {@code pid} so far, or zero when it cannot be read. */
    static Duration ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /**
     * CPU time every process of the machine used so far, summed over cores (all of /proc/stat's busy states:
     * everything but idle and iowait). Compared with ours, it shows whether something else ran meanwhile.
     */
    static Duration ofMachine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user).
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return Duration.ofMillis(busy * 1000 / CLOCK_TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /** CPU time of this JVM so far (every thread, the JIT and GC included). */
    static Duration ofThisJvm() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Duration.ofNanos(os.getProcessCpuTime());
        }
        return Duration.ZERO;
    }
}
