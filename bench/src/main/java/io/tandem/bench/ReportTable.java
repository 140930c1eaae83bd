package io.tandem.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The printed result: one row per (workload, mode, replica), ratios against both native replicas, where
 * each replica's time went, and the targets met or missed.
 */
final class ReportTable {

    private final List<Measurement> measurements;
    private final List<SerialClientReference> references;

    ReportTable(List<Measurement> measurements, List<SerialClientReference> references) {
        this.measurements = List.copyOf(measurements);
        this.references = List.copyOf(references);
    }

    String render(Machine machine, BenchOptions options, Map<Workload, Integer> steadyRates) {
        StringBuilder out = new StringBuilder();
        out.append("\nMachine: ").append(machine.summary()).append('\n');
        out.append(String.format("Data: %d tables x %d rows; catch-up backlog %d transactions; steady %d s; sysbench"
                        + " %d threads; servers %s%n%n", options.tables(), options.tableSize(),
                options.backlogTransactions(), options.duration().toSeconds(), options.threads(),
                options.durable() ? "durable (innodb_flush_log_at_trx_commit=1, sync_binlog=1)"
                        : "not durable (innodb_flush_log_at_trx_commit=2, sync_binlog=0)"));
        String header = String.format("%-16s %-9s %-16s %9s %9s %9s %9s %9s %11s %11s  %s", "workload", "mode",
                "replica", "trx/s", "rows/s", "lag p50", "lag p99", "lag max", "/ serial", "/ parallel", "checksums");
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        for (Measurement m : measurements) {
            if (m.isFailed()) {
                out.append(String.format("%-16s %-9s %-16s FAILED: %s%n", m.workload(), m.mode(), m.replica(),
                        m.error()));
                continue;
            }
            boolean steady = m.mode().equals(BenchOptions.Mode.STEADY.label);
            out.append(String.format("%-16s %-9s %-16s %9s %9s %9s %9s %9s %11s %11s  %s%n", m.workload(), m.mode(),
                    m.replica(), String.format("%,.0f", m.transactionsPerSecond()),
                    String.format("%,.0f", m.rowsPerSecond()), lag(m.lagP50Millis()), lag(m.lagP99Millis()),
                    lag(m.lagMaxMillis()), ratio(m, ReplicaKind.NATIVE_SERIAL), ratio(m, ReplicaKind.NATIVE_PARALLEL),
                    m.checksumsMatch() == null ? "not checked" : m.checksumsMatch() ? "match" : "DIFFER"))
                    .append(steady ? "" : "");
        }
        out.append("\n/ serial, / parallel: catch-up rows compare trx/s (higher is better); steady rows compare p99 lag"
                + " (lower is better).\nSteady trx/s is the rate the source achieved; every replica kept up unless its"
                + " lag grows.\n");
        out.append(referenceLines());
        out.append(whereTimeWent());
        out.append(targets(steadyRates));
        return out.toString();
    }

    /** The source's own rates beside the replicas': eight connections (the backlog) and one (a serial client). */
    private String referenceLines() {
        StringBuilder out = new StringBuilder("\nThe source itself, for reference (durable, same server settings):\n");
        for (Workload workload : Workload.values()) {
            double[] eight = measurements.stream().filter(m -> !m.isFailed() && m.workload().equals(workload.script)
                    && m.mode().equals(BenchOptions.Mode.CATCHUP.label)).mapToDouble(
                            Measurement::sourceTransactionsPerSecond).toArray();
            references.stream().filter(r -> r.workload().equals(workload.script)).forEach(r -> out.append(
                    String.format("  %s: %,.0f trx/s with the bench's sysbench threads (mean of the catch-up backlogs),"
                                    + " %,.0f trx/s with one connection (the bound of any serial applier over SQL)%n",
                            workload, java.util.Arrays.stream(eight).average().orElse(Double.NaN),
                            r.transactionsPerSecond())));
        }
        return out.toString();
    }

    private String whereTimeWent() {
        StringBuilder out = new StringBuilder("\nWhere the time went (CPU seconds per wall second of the measurement;"
                + " replica server counters per transaction; in steady mode sysbench counts as anything else):\n");
        for (Measurement m : measurements) {
            if (m.isFailed()) {
                continue;
            }
            double others = m.machineCpuSeconds() - m.replicaCpuSeconds() - m.sourceCpuSeconds()
                    - m.harnessJvmCpuSeconds();
            out.append(String.format("  %s %s %s: %.1f s; CPU: replica mariadbd %.2f, source mariadbd %.2f, harness JVM"
                            + " %.2f, anything else %.2f (of %d cores)%n", m.mode(), m.workload(), m.replica(), m.seconds(),
                    m.replicaCpuSeconds() / m.seconds(), m.sourceCpuSeconds() / m.seconds(),
                    m.harnessJvmCpuSeconds() / m.seconds(), Math.max(0, others) / m.seconds(),
                    Runtime.getRuntime().availableProcessors()));
            StringBuilder counters = new StringBuilder("    ");
            m.replicaCountersPerTransaction().forEach((name, value) -> counters.append(name).append(' ')
                    .append(String.format("%.2f", value)).append("  "));
            out.append(counters.toString().stripTrailing()).append('\n');
            for (ThreadProfile.ThreadShare thread : m.tandemThreads()) {
                if (thread.buckets().getOrDefault("idle", 0.0) > 0.95) {
                    continue;
                }
                StringBuilder line = new StringBuilder(String.format("    thread %s:", thread.thread()));
                thread.buckets().entrySet().stream().filter(e -> e.getValue() >= 0.01).limit(6).forEach(e ->
                        line.append(String.format(" %s %.0f%%;", e.getKey(), 100 * e.getValue())));
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private String targets(Map<Workload, Integer> steadyRates) {
        StringBuilder out = new StringBuilder("\nTargets (issue 4):\n");
        Optional<Measurement> tandem = find(Workload.OLTP_WRITE_ONLY, BenchOptions.Mode.CATCHUP, ReplicaKind.TANDEM);
        Optional<Measurement> serial = find(Workload.OLTP_WRITE_ONLY, BenchOptions.Mode.CATCHUP,
                ReplicaKind.NATIVE_SERIAL);
        Optional<Measurement> parallel = find(Workload.OLTP_WRITE_ONLY, BenchOptions.Mode.CATCHUP,
                ReplicaKind.NATIVE_PARALLEL);
        if (tandem.isPresent() && serial.isPresent()) {
            double r = tandem.get().transactionsPerSecond() / serial.get().transactionsPerSecond();
            out.append(String.format("  catch-up oltp_write_only, tandem / native-serial:   %.2fx (target >= 2.0x): %s%n",
                    r, r >= 2.0 ? "MET" : "MISSED"));
        }
        if (tandem.isPresent() && parallel.isPresent()) {
            double r = tandem.get().transactionsPerSecond() / parallel.get().transactionsPerSecond();
            out.append(String.format("  catch-up oltp_write_only, tandem / native-parallel: %.2fx (target >= 1.2x): %s%n",
                    r, r >= 1.2 ? "MET" : "MISSED"));
        }
        for (Workload workload : Workload.values()) {
            find(workload, BenchOptions.Mode.STEADY, ReplicaKind.TANDEM).ifPresent(m -> out.append(String.format(
                    "  steady %s at %d trx/s%s, tandem p99 lag: %s (target < 1 s): %s%n", workload, m.targetRate(),
                    steadyRates.containsKey(workload) ? " (half native-serial catch-up)" : " (given)",
                    lag(m.lagP99Millis()), m.lagP99Millis() != null && m.lagP99Millis() < 1000 ? "MET" : "MISSED")));
        }
        return out.toString();
    }

    private String ratio(Measurement m, ReplicaKind other) {
        Optional<Measurement> reference = find(m.workload(), m.mode(), other.label);
        if (reference.isEmpty() || m.replica().equals(other.label)) {
            return "-";
        }
        Measurement ref = reference.get();
        if (m.mode().equals(BenchOptions.Mode.STEADY.label)) {
            if (m.lagP99Millis() == null || ref.lagP99Millis() == null || ref.lagP99Millis() == 0) {
                return "-";
            }
            return String.format("%.2fx", m.lagP99Millis() / ref.lagP99Millis());
        }
        return String.format("%.2fx", m.transactionsPerSecond() / ref.transactionsPerSecond());
    }

    private Optional<Measurement> find(Workload workload, BenchOptions.Mode mode, ReplicaKind replica) {
        return find(workload.script, mode.label, replica.label);
    }

    private Optional<Measurement> find(String workload, String mode, String replica) {
        return measurements.stream().filter(m -> !m.isFailed() && m.workload().equals(workload)
                && m.mode().equals(mode) && m.replica().equals(replica)).findFirst();
    }

    private static String lag(Double millis) {
        if (millis == null) {
            return "-";
        }
        return millis < 10_000 ? String.format("%.0f ms", millis) : String.format("%.1f s", millis / 1000);
    }
}
