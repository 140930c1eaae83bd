package io.tandem.bench;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steady: the replica runs and is caught up; the source takes the workload at a fixed rate for the
 * duration while {@link Heartbeat} samples the replica's lag every 100 ms. Afterwards the replica is
 * given time to finish, so the data can be compared.
 */
final class SteadyRun {

    private static final Logger log = LoggerFactory.getLogger("bench");

    private final BenchOptions options;
    private final Sysbench sysbench;

    SteadyRun(BenchOptions options, Sysbench sysbench) {
        this.options = options;
        this.sysbench = sysbench;
    }

    Measurement measure(ServerPair pair, Workload workload, ReplicaKind kind, int rate) throws Exception {
        try (Replica replica = pair.newReplica()) {
            BinlogPosition start = pair.sourceEnd();
            replica.start(start);
            try (Heartbeat heartbeat = Heartbeat.start(pair.source, pair.replica)) {
                awaitHeartbeatSeen(heartbeat, replica, pair);
                long firstSequence = pair.sourceSequence();
                long heartbeatsBefore = heartbeat.writes();
                ServerCounters sourceBefore = ServerCounters.of(pair.source);
                ServerCounters replicaBefore = ServerCounters.of(pair.replica);
                var replicaCpu = CpuTimes.ofProcess(pair.replica.pid());
                var sourceCpu = CpuTimes.ofProcess(pair.source.pid());
                var jvmCpu = CpuTimes.ofThisJvm();
                var machineCpu = CpuTimes.ofMachine();
                log.info("  {} is running and caught up; the source now takes {} at {} trx/s for {} s, lag sampled"
                        + " every 100 ms", kind, workload, rate, options.duration().toSeconds());
                heartbeat.startSampling();
                long windowStart = System.nanoTime();
                Sysbench.Report report = sysbench.runAtRate(pair.source, workload, rate, options.duration());
                List<Long> lags = heartbeat.stopSampling();
                double seconds = (System.nanoTime() - windowStart) / 1e9;
                heartbeat.checkHealthy();
                // The heartbeat's own transactions (one row each) are not the workload's.
                long heartbeats = heartbeat.writes() - heartbeatsBefore;
                long transactions = pair.sourceSequence() - firstSequence - heartbeats;
                ServerCounters sourceWrote = ServerCounters.of(pair.source).since(sourceBefore);
                long rows = sourceWrote.rowsChanged() - heartbeats;
                double replicaCpuSeconds = CpuTimes.ofProcess(pair.replica.pid()).minus(replicaCpu).toMillis() / 1e3;
                double sourceCpuSeconds = CpuTimes.ofProcess(pair.source.pid()).minus(sourceCpu).toMillis() / 1e3;
                double jvmCpuSeconds = CpuTimes.ofThisJvm().minus(jvmCpu).toMillis() / 1e3;
                double machineCpuSeconds = CpuTimes.ofMachine().minus(machineCpu).toMillis() / 1e3;
                ServerCounters replicaDid = ServerCounters.of(pair.replica).since(replicaBefore);
                List<Long> sorted = new ArrayList<>(lags);
                Collections.sort(sorted);
                Double p50 = millis(percentile(sorted, 50));
                Double p99 = millis(percentile(sorted, 99));
                Double max = millis(sorted.isEmpty() ? null : sorted.getLast());
                log.info("  source committed {} transactions ({} trx/s; sysbench: {} at {}/s); lag p50 {} ms, p99 {}"
                        + " ms, max {} ms over {} samples", transactions, Math.round(transactions / seconds),
                        report.transactions(), report.perSecond(), p50, p99, max, lags.size());
                heartbeat.stop();
                BinlogPosition end = pair.sourceEnd();
                // A replica slower than the rate still has a backlog to finish: up to ten durations.
                Duration settleTimeout = Duration.ofSeconds(Math.max(60, 10 * options.duration().toSeconds()));
                if (!replica.awaitApplied(end, settleTimeout, applied -> log.info("    settling: applied {}",
                        CatchUpRun.percentOf(applied, start, end)))) {
                    throw new IllegalStateException(kind + " did not finish within " + settleTimeout
                            + " after the load ended; it reached " + replica.appliedPosition() + " of " + end);
                }
                Boolean match = null;
                if (options.verify()) {
                    List<String> differing = pair.differingTables(options.tables());
                    match = differing.isEmpty();
                    if (match) {
                        log.info("  checksums of all {} sbtest tables match", options.tables());
                    } else {
                        log.error("  CHECKSUM TABLE differs between source and replica: {}", differing);
                    }
                }
                return new Measurement(workload.script, BenchOptions.Mode.STEADY.label, kind.label, transactions, rows,
                        seconds, transactions / seconds, rows / seconds, transactions / seconds, rate, p50, p99, max,
                        lags.size(), match, replicaDid.perTransaction(transactions), replicaCpuSeconds,
                        sourceCpuSeconds, jvmCpuSeconds, machineCpuSeconds, List.of(), null);
            }
        }
    }

    /** Waits until the replica has applied what the source wrote so far and shows a heartbeat younger than a second. */
    private static void awaitHeartbeatSeen(Heartbeat heartbeat, Replica replica, ServerPair pair) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        if (!replica.awaitApplied(pair.sourceEnd(), Duration.ofSeconds(60), applied -> {})) {
            throw new IllegalStateException("the replica did not start replicating within 60 s");
        }
        while (heartbeat.currentLag().compareTo(Duration.ofSeconds(1)) > 0) {
            heartbeat.checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica shows no heartbeat younger than 1 s after 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** The nearest-rank percentile of sorted values, or null when there are none. */
    static Long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static Double millis(Long micros) {
        return micros == null ? null : micros / 1000.0;
    }
}
