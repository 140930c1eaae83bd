package io.tandem.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The end-to-end benchmark: tandem against MariaDB's native replica threads (single-threaded and
 * optimistic parallel) on this machine, in catch-up and steady modes, for sysbench's oltp_write_only
 * and oltp_insert. Run it with {@code bench/replication-bench}; bench/README.md has the method and the
 * figures.
 *
 * <p>Every measurement starts from fresh servers holding the same prepared data, so one replica's
 * leftovers (relay logs, a dirty buffer pool, a longer binlog) never reach the next.
 */
public final class ReplicationBench {

    private static final Logger log = LoggerFactory.getLogger("bench");

    private ReplicationBench() {}

    public static void main(String[] args) throws Exception {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            System.out.print(BenchOptions.USAGE);
            return;
        } catch (BenchOptions.BadArgumentsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options));
    }

    static int run(BenchOptions options) throws Exception {
        Path logs = Files.createTempDirectory("tandem-bench-logs-");
        Sysbench sysbench = new Sysbench(options.tables(), options.tableSize(), options.threads());
        ServerSettings settings = ServerSettings.forDataSet(options.durable(), options.tables(), options.tableSize());
        CatchUpRun catchUp = new CatchUpRun(options, sysbench);
        SteadyRun steady = new SteadyRun(options, sysbench);
        List<Measurement> measurements = new ArrayList<>();
        List<SerialClientReference> references = new ArrayList<>();
        Map<Workload, Integer> defaultRates = new LinkedHashMap<>();
        Machine machine;
        int steps = countSteps(options);
        int step = 0;
        try (PreparedData data = PreparedData.prepare(sysbench, settings, options.tables(), options.tableSize(),
                logs)) {
            machine = Machine.ofThisMachine();
            log.info("machine: {}", machine.summary());
            for (Workload workload : options.workloads()) {
                if (options.modes().contains(BenchOptions.Mode.CATCHUP)) {
                    for (ReplicaKind kind : options.replicas()) {
                        log.info("[{}/{}] catch-up, {}, {}", ++step, steps, workload, kind);
                        measurements.add(measure(data, settings, options.tandemSettings(), sysbench, logs, workload, BenchOptions.Mode.CATCHUP,
                                kind, pair -> catchUp.measure(pair, workload, kind)));
                    }
                    log.info("[{}/{}] reference, {}: one client connection on the source", ++step, steps, workload);
                    try {
                        references.add(SerialClientReference.measure(data, settings, sysbench, logs, workload,
                                Math.max(1, options.backlogTransactions() / 3)));
                    } catch (RuntimeException e) {
                        log.error("  the one-connection reference failed: {}", e.toString(), e);
                    }
                }
                if (options.modes().contains(BenchOptions.Mode.STEADY)) {
                    int rate = options.rate();
                    if (rate == 0) {
                        Optional<Measurement> serial = measurements.stream().filter(m -> !m.isFailed()
                                && m.workload().equals(workload.script) && m.replica().equals(
                                        ReplicaKind.NATIVE_SERIAL.label)
                                && m.mode().equals(BenchOptions.Mode.CATCHUP.label)).findFirst();
                        if (serial.isEmpty()) {
                            log.info("[{}/{}] catch-up, {}, native-serial: measured first, for the default steady rate",
                                    ++step, steps, workload);
                            Measurement measured = measure(data, settings, options.tandemSettings(), sysbench, logs, workload,
                                    BenchOptions.Mode.CATCHUP, ReplicaKind.NATIVE_SERIAL,
                                    pair -> catchUp.measure(pair, workload, ReplicaKind.NATIVE_SERIAL));
                            measurements.add(measured);
                            serial = measured.isFailed() ? Optional.empty() : Optional.of(measured);
                        }
                        if (serial.isEmpty()) {
                            log.error("no native-serial catch-up rate for {}; give --rate", workload);
                            continue;
                        }
                        rate = (int) Math.max(1, Math.round(serial.get().transactionsPerSecond() / 2));
                        defaultRates.put(workload, rate);
                        log.info("steady rate for {}: {} trx/s, half the native-serial catch-up rate", workload, rate);
                    }
                    int steadyRate = rate;
                    for (ReplicaKind kind : options.replicas()) {
                        log.info("[{}/{}] steady, {} at {} trx/s, {}", ++step, steps, workload, steadyRate, kind);
                        measurements.add(measure(data, settings, options.tandemSettings(), sysbench, logs, workload, BenchOptions.Mode.STEADY,
                                kind, pair -> steady.measure(pair, workload, kind, steadyRate)));
                    }
                }
            }
        }
        ReportTable table = new ReportTable(measurements, references);
        System.out.print(table.render(machine, options, defaultRates));
        System.out.println("\nServer error logs: " + logs);
        if (options.json() != null) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("machine", machine);
            document.put("options", optionsDocument(options));
            document.put("steadyRatesDerived", defaultRates);
            document.put("measurements", measurements);
            document.put("oneConnectionReferences", references);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.json().toFile(), document);
            System.out.println("JSON: " + options.json());
        }
        return measurements.stream().anyMatch(Measurement::isFailed) ? 1 : 0;
    }

    private interface Procedure {
        Measurement run(ServerPair pair) throws Exception;
    }

    /** Runs one measurement on fresh servers; a failure is recorded and the bench goes on with the next. */
    private static Measurement measure(PreparedData data, ServerSettings settings, java.util.Map<String, String> tandemSettings,
            Sysbench sysbench, Path logs,
            Workload workload, BenchOptions.Mode mode, ReplicaKind kind, Procedure procedure) {
        try (ServerPair pair = ServerPair.start(data, settings, kind, sysbench, logs).withTandemSettings(
                tandemSettings)) {
            return procedure.run(pair);
        } catch (Exception e) {
            log.error("  {} {} {} failed: {}", mode.label, workload, kind, e.toString(), e);
            return Measurement.failed(workload, mode, kind, String.valueOf(e.getMessage()));
        }
    }

    private static Map<String, Object> optionsDocument(BenchOptions options) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("modes", options.modes().stream().map(mode -> mode.label).toList());
        document.put("workloads", options.workloads().stream().map(w -> w.script).toList());
        document.put("replicas", options.replicas().stream().map(r -> r.label).toList());
        document.put("tables", options.tables());
        document.put("tableSize", options.tableSize());
        document.put("backlogTransactions", options.backlogTransactions());
        document.put("rate", options.rate() == 0 ? "half native-serial" : options.rate());
        document.put("durationSeconds", options.duration().toSeconds());
        document.put("threads", options.threads());
        document.put("durable", options.durable());
        return document;
    }

    private static int countSteps(BenchOptions options) {
        int perWorkload = options.replicas().size() * options.modes().size()
                + (options.modes().contains(BenchOptions.Mode.CATCHUP) ? 1 : 0);
        if (options.modes().contains(BenchOptions.Mode.STEADY) && options.rate() == 0
                && !(options.modes().contains(BenchOptions.Mode.CATCHUP)
                        && options.replicas().contains(ReplicaKind.NATIVE_SERIAL))) {
            perWorkload++;
        }
        return perWorkload * options.workloads().size();
    }
}
