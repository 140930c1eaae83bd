package io.tandem.bench;

import io.tandem.replicator.event.BinlogPosition;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catch-up: the backlog is written to the source's binlog while no replica runs; then the replica starts
 * at the position before it, and the clock runs from the start command until the replica has applied
 * (and committed) up to the position after it. Both native replica threads start together (the IO thread
 * fetches while the SQL thread applies), as tandem's reader and applier do.
 */
final class CatchUpRun {

    private static final Logger log = LoggerFactory.getLogger("bench");

    private final BenchOptions options;
    private final Sysbench sysbench;

    CatchUpRun(BenchOptions options, Sysbench sysbench) {
        this.options = options;
        this.sysbench = sysbench;
    }

    Measurement measure(ServerPair pair, Workload workload, ReplicaKind kind) throws Exception {
        BinlogPosition start = pair.sourceEnd();
        long firstSequence = pair.sourceSequence();
        ServerCounters sourceBefore = ServerCounters.of(pair.source);
        // SHOW GLOBAL STATUS itself bumps Handler_write (it fills a temporary table): measure it to subtract it.
        long statusOverhead = ServerCounters.of(pair.source).since(sourceBefore).rowsChanged();
        sourceBefore = ServerCounters.of(pair.source);
        log.info("  writing the backlog on the source: {} {} transactions, {} sysbench threads, no replica running",
                options.backlogTransactions(), workload, options.threads());
        long writeStart = System.nanoTime();
        Sysbench.Report report = sysbench.runEvents(pair.source, workload, options.backlogTransactions());
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        ServerCounters sourceWrote = ServerCounters.of(pair.source).since(sourceBefore);
        BinlogPosition end = pair.sourceEnd();
        long transactions = pair.sourceSequence() - firstSequence;
        long rows = sourceWrote.rowsChanged() - statusOverhead;
        log.info("  backlog: {} transactions, {} rows (sysbench: {} transactions, {} writes, {} retried errors), {} MB"
                        + " of binlog from {} to {}; the source wrote it at {} trx/s", transactions, rows,
                report.transactions(), report.writes(), report.ignoredErrors(),
                end.file().equals(start.file()) ? (end.position() - start.position()) >> 20 : "?", start, end,
                Math.round(transactions / writeSeconds));

        ServerCounters replicaBefore = ServerCounters.of(pair.replica);
        var replicaCpu = CpuTimes.ofProcess(pair.replica.pid());
        var sourceCpu = CpuTimes.ofProcess(pair.source.pid());
        var jvmCpu = CpuTimes.ofThisJvm();
        var machineCpu = CpuTimes.ofMachine();
        ThreadProfile profile = kind == ReplicaKind.TANDEM ? new ThreadProfile(TandemReplica.THREAD_PREFIX) : null;
        if (profile != null) {
            profile.start();
        }
        log.info("  starting {} at {}; applying the backlog", kind, start);
        try (Replica replica = pair.newReplica()) {
            long applyStart = System.nanoTime();
            replica.start(start);
            Duration timeout = Duration.ofSeconds(Math.max(600, transactions / 50));
            boolean done = replica.awaitApplied(end, timeout, applied -> log.info("    applied {} ({} s)",
                    percentOf(applied, start, end), (System.nanoTime() - applyStart) / 1_000_000_000L));
            double seconds = (System.nanoTime() - applyStart) / 1e9;
            List<ThreadProfile.ThreadShare> threads = profile == null ? List.of() : profile.stop();
            if (!done) {
                throw new IllegalStateException(kind + " did not apply the backlog within " + timeout + "; it reached "
                        + replica.appliedPosition() + " of " + end);
            }
            double replicaCpuSeconds = (CpuTimes.ofProcess(pair.replica.pid()).minus(replicaCpu)).toMillis() / 1e3;
            double sourceCpuSeconds = (CpuTimes.ofProcess(pair.source.pid()).minus(sourceCpu)).toMillis() / 1e3;
            double jvmCpuSeconds = (CpuTimes.ofThisJvm().minus(jvmCpu)).toMillis() / 1e3;
            double machineCpuSeconds = (CpuTimes.ofMachine().minus(machineCpu)).toMillis() / 1e3;
            ServerCounters replicaDid = ServerCounters.of(pair.replica).since(replicaBefore);
            if (replica instanceof TandemReplica tandem) {
                log.info("    tandem counted {} transactions and {} rows applied", tandem.status().transactionsApplied(),
                        tandem.status().rowsApplied());
            }
            log.info("  applied in {} s: {} trx/s, {} rows/s", String.format("%.1f", seconds),
                    Math.round(transactions / seconds), Math.round(rows / seconds));
            Boolean match = verify(pair);
            return new Measurement(workload.script, BenchOptions.Mode.CATCHUP.label, kind.label, transactions, rows,
                    seconds, transactions / seconds, rows / seconds, transactions / writeSeconds, null, null, null,
                    null, 0, match, replicaDid.perTransaction(transactions), replicaCpuSeconds, sourceCpuSeconds,
                    jvmCpuSeconds, machineCpuSeconds, threads, null);
        } finally {
            if (profile != null) {
                profile.stop();
            }
        }
    }

    private Boolean verify(ServerPair pair) {
        if (!options.verify()) {
            return null;
        }
        List<String> differing = pair.differingTables(options.tables());
        if (differing.isEmpty()) {
            log.info("  checksums of all {} sbtest tables match", options.tables());
            return true;
        }
        log.error("  CHECKSUM TABLE differs between source and replica: {}", differing);
        return false;
    }

    static String percentOf(BinlogPosition applied, BinlogPosition start, BinlogPosition end) {
        if (applied == null) {
            return "nothing yet";
        }
        if (applied.file().equals(start.file()) && end.file().equals(start.file()) && end.position() > start.position()) {
            long done = Math.max(0, applied.position() - start.position());
            return (100 * done / (end.position() - start.position())) + "% (" + applied + " of " + end + ")";
        }
        return "to " + applied + " of " + end;
    }
}
