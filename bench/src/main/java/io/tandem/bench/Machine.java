package io.tandem.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the figures were measured on, as bench/README.md records it: cores, memory, OS, JDK, MariaDB,
 * and how long an fsync takes where the data directories live, which bounds every durable commit.
 *
 * @param cores available processors
 * @param memoryGib total memory
 * @param os PRETTY_NAME of os-release
 * @param kernel kernel release
 * @param jdk the JVM running the harness and tandem
 * @param mariadb version of the servers
 * @param sysbench version of sysbench
 * @param fsyncMedianMillis median time of a 4 KiB write plus fdatasync in the temporary directory
 * @param fsyncP99Millis 99th percentile of the same
 */
record Machine(int cores, long memoryGib, String os, String kernel, String jdk, String mariadb, String sysbench,
        double fsyncMedianMillis, double fsyncP99Millis) {

    static Machine ofThisMachine() {
        double[] fsync = fsyncMillis(200);
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemoryGib(), osName(),
                System.getProperty("os.version"), System.getProperty("java.vm.vendor") + " "
                        + System.getProperty("java.runtime.version"), command("mariadbd", "--version"), command("sysbench", "--version"),
                fsync[0], fsync[1]);
    }

    String summary() {
        return String.format("%d cores, %d GiB RAM, %s (kernel %s), %s, %s, %s; fsync of 4 KiB in the"
                + " temporary directory: median %.2f ms, p99 %.2f ms", cores, memoryGib, os, kernel, jdk, mariadb,
                sysbench, fsyncMedianMillis, fsyncP99Millis);
    }

    private static long totalMemoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unknown.
        }
        return 0;
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // Unknown.
        }
        return System.getProperty("os.name");
    }

    private static String command(String... argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor();
            return output;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Median and p99 of {@code count} 4 KiB overwrites each followed by fdatasync, as a redo log write is. */
    private static double[] fsyncMillis(int count) {
        List<Double> times = new ArrayList<>();
        try {
            Path file = Files.createTempFile("tandem-bench-fsync-", ".probe");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer page = ByteBuffer.allocate(4096);
                for (int i = 0; i < count; i++) {
                    page.clear();
                    page.putLong(0, i);
                    long start = System.nanoTime();
                    channel.write(page, (long) (i % 64) * 4096);
                    channel.force(false);
                    times.add((System.nanoTime() - start) / 1e6);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Collections.sort(times);
        return new double[] {times.get(times.size() / 2), times.get((int) Math.ceil(0.99 * times.size()) - 1)};
    }
}
