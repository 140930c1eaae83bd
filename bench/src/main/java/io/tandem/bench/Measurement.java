package io.tandem.bench;

import java.util.List;
import java.util.Map;

/**
 * One measured (workload, mode, replica), as printed and written to JSON.
 *
 * @param workload the sysbench script
 * @param mode catch-up or steady
 * @param replica native-serial, native-parallel or tandem
 * @param transactions catch-up: the backlog (GTID sequence numbers the source used); steady: transactions the
 *     source committed during the window
 * @param rows catch-up and steady: rows the source's storage engine changed for them (Handler_write, _update,
 *     _delete), which a replica has to change too
 * @param seconds catch-up: from the replica's start command until it had applied the source's end position;
 *     steady: the length of the sampling window
 * @param transactionsPerSecond transactions / seconds
 * @param rowsPerSecond rows / seconds
 * @param sourceTransactionsPerSecond the rate at which the source wrote those transactions
 * @param targetRate steady: the rate sysbench was asked for, or null
 * @param lagP50Millis steady: median heartbeat lag on the replica, or null
 * @param lagP99Millis steady: 99th percentile, or null
 * @param lagMaxMillis steady: maximum, or null
 * @param lagSamples steady: how many 100 ms samples, or 0
 * @param checksumsMatch whether CHECKSUM TABLE agreed on every sbtest table afterwards, or null when not checked
 * @param replicaCountersPerTransaction the replica server's status counters during the measurement, per transaction
 * @param replicaCpuSeconds CPU time of the replica's mariadbd during the measurement
 * @param sourceCpuSeconds CPU time of the source's mariadbd
 * @param harnessJvmCpuSeconds CPU time of this JVM (tandem's channel runs in it; the harness itself mostly sleeps)
 * @param machineCpuSeconds CPU time of every process on the machine: in catch-up, what exceeds the three above
 *     ran beside the measurement (in steady, sysbench is part of it)
 * @param tandemThreads for tandem in catch-up: where each of its threads spent its wall time, else empty
 * @param error why the measurement failed, or null
 */
record Measurement(
        String workload,
        String mode,
        String replica,
        long transactions,
        long rows,
        double seconds,
        double transactionsPerSecond,
        double rowsPerSecond,
        double sourceTransactionsPerSecond,
        Integer targetRate,
        Double lagP50Millis,
        Double lagP99Millis,
        Double lagMaxMillis,
        int lagSamples,
        Boolean checksumsMatch,
        Map<String, Double> replicaCountersPerTransaction,
        double replicaCpuSeconds,
        double sourceCpuSeconds,
        double harnessJvmCpuSeconds,
        double machineCpuSeconds,
        List<ThreadProfile.ThreadShare> tandemThreads,
        String error) {

    static Measurement failed(Workload workload, BenchOptions.Mode mode, ReplicaKind replica, String error) {
        return new Measurement(workload.script, mode.label, replica.label, 0, 0, 0, 0, 0, 0, null, null, null, null, 0,
                null, Map.of(), 0, 0, 0, 0, List.of(), error);
    }

    boolean isFailed() {
        return error != null;
    }
}
