package io.tandem.bench;

import io.tandem.testkit.MariaDbServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code sysbench} command (1.0.x, the Debian package) against one server, its interval
 * reports passed on as progress lines.
 */
final class Sysbench {

    private static final Logger log = LoggerFactory.getLogger("bench");
    private static final Pattern TRANSACTIONS = Pattern.compile("^\\s*transactions:\\s+(\\d+)\\s+\\((\\S+) per sec");
    private static final Pattern WRITES = Pattern.compile("^\\s*write:\\s+(\\d+)");
    private static final Pattern IGNORED = Pattern.compile("^\\s*ignored errors:\\s+(\\d+)");
    private static final Pattern INTERVAL = Pattern.compile("^\\[ \\d+s \\]");

    /**
     * What sysbench reported for a run.
     *
     * @param transactions committed transactions (sysbench's count)
     * @param perSecond sysbench's own transactions per second
     * @param writes write statements (INSERT, UPDATE, DELETE) executed
     * @param ignoredErrors deadlocks and lock wait timeouts sysbench ignored and retried
     */
    record Report(long transactions, double perSecond, long writes, long ignoredErrors) {}

    private final int tables;
    private final int tableSize;
    private final int threads;

    Sysbench(int tables, int tableSize, int threads) {
        this.tables = tables;
        this.tableSize = tableSize;
        this.threads = threads;
    }

    /** Creates and fills the sbtest tables (oltp_common.lua's prepare: data first, then the secondary index k_1). */
    void prepare(MariaDbServer server, int prepareThreads) {
        run(server, Workload.OLTP_WRITE_ONLY, List.of("--threads=" + prepareThreads), "prepare", "prepare");
    }

    /** Loads every sbtest table and its indexes into the buffer pool (oltp_common.lua's prewarm). */
    void prewarm(MariaDbServer server) {
        run(server, Workload.OLTP_WRITE_ONLY, List.of("--threads=" + Math.min(threads, tables)), "prewarm",
                "prewarm " + server.name());
    }

    /** Runs exactly {@code events} transactions, as fast as the source takes them. */
    Report runEvents(MariaDbServer server, Workload workload, int events) {
        return runEvents(server, workload, events, threads);
    }

    /** As {@link #runEvents(MariaDbServer, Workload, int)} with {@code clients} sysbench threads. */
    Report runEvents(MariaDbServer server, Workload workload, int events, int clients) {
        return run(server, workload, List.of("--threads=" + clients, "--events=" + events, "--time=0",
                "--report-interval=5"), "run", workload + " " + events + " transactions");
    }

    /** Runs for {@code duration} at {@code rate} transactions per second (sysbench's --rate: Poisson arrivals). */
    Report runAtRate(MariaDbServer server, Workload workload, int rate, Duration duration) {
        return run(server, workload, List.of("--threads=" + threads, "--rate=" + rate,
                "--time=" + Math.max(1, duration.toSeconds()), "--events=0", "--report-interval=10"), "run",
                workload + " at " + rate + " trx/s for " + duration.toSeconds() + " s");
    }

    private Report run(MariaDbServer server, Workload workload, List<String> extra, String command, String what) {
        List<String> argv = new ArrayList<>(List.of("sysbench", workload.script, "--db-driver=mysql",
                "--mysql-host=" + server.host(), "--mysql-port=" + server.port(), "--mysql-user=root",
                "--mysql-password=", "--mysql-db=sbtest", "--tables=" + tables, "--table-size=" + tableSize));
        argv.addAll(extra);
        argv.add(command);
        List<String> output = new ArrayList<>();
        long transactions = -1;
        double perSecond = 0;
        long writes = 0;
        long ignored = 0;
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run sysbench (is the sysbench package installed?)", e);
        }
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (INTERVAL.matcher(line).find()) {
                    log.info("    sysbench {}", line.trim());
                }
                Matcher m;
                if ((m = TRANSACTIONS.matcher(line)).find()) {
                    transactions = Long.parseLong(m.group(1));
                    perSecond = Double.parseDouble(m.group(2));
                } else if ((m = WRITES.matcher(line)).find()) {
                    writes = Long.parseLong(m.group(1));
                } else if ((m = IGNORED.matcher(line)).find()) {
                    ignored = Long.parseLong(m.group(1));
                }
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("sysbench " + what + " on " + server.name() + " exited with " + exit
                        + ":\n" + tail(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sysbench ran " + what, e);
        }
        if (command.equals("run") && transactions < 0) {
            throw new IllegalStateException("sysbench " + what + " printed no transaction count:\n" + tail(output));
        }
        return new Report(transactions, perSecond, writes, ignored);
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
