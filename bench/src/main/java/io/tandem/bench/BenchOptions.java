package io.tandem.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code bench/replication-bench} was asked to measure. Every problem with the arguments is
 * collected and reported at once, as tandem's configuration is.
 *
 * @param modes catch-up, steady, or both, in that order
 * @param workloads the sysbench scripts, in order
 * @param replicas the replicas to measure, in order
 * @param tables sysbench --tables
 * @param tableSize sysbench --table-size (rows per table before the run)
 * @param backlogTransactions catch-up: transactions written to the source's binlog before the replica starts
 * @param rate steady: the source's rate in transactions/s, or 0 for half the native-serial catch-up rate
 * @param duration steady: how long the source writes at that rate
 * @param threads sysbench --threads on the source
 * @param durable innodb_flush_log_at_trx_commit=1 and sync_binlog=1 on both servers (else 2 and 0)
 * @param verify compare CHECKSUM TABLE of every sbtest table on source and replica after each run
 * @param json where to write the results as JSON, or null
 * @param tandemSettings channel settings for tandem's replica, by key ({@code transactions-per-commit},
 *     {@code parallel-workers}, ...); tandem's defaults otherwise
 */
record BenchOptions(
        List<Mode> modes,
        List<Workload> workloads,
        List<ReplicaKind> replicas,
        int tables,
        int tableSize,
        int backlogTransactions,
        int rate,
        Duration duration,
        int threads,
        boolean durable,
        boolean verify,
        Path json,
        java.util.Map<String, String> tandemSettings) {

    enum Mode {
        CATCHUP("catch-up"),
        STEADY("steady");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    static final String USAGE = """
            Usage: bench/replication-bench [OPTIONS]

            Measures tandem against native MariaDB replication on this machine: two fresh mariadbd
            servers per measurement (source and replica), a sysbench workload on the source, and
            three replicas: native single-threaded, native optimistic parallel, tandem.

              --mode catchup|steady|all          catch-up applies a backlog already in the source's binlog
                                                 (trx/s, rows/s); steady writes at a fixed rate and samples
                                                 lag every 100 ms (p50/p99/max). Default: all
              --workload oltp_write_only|oltp_insert|all                      Default: all
              --replicas native-serial,native-parallel,tandem                 Default: all three
              --tables N                         sysbench --tables. Default: 8
              --table-size N                     rows per table before the run. Default: 50000
              --backlog-transactions N           catch-up backlog. Default: 15000
              --rate N                           steady source rate, trx/s. Default: half the native-serial
                                                 catch-up rate of the same workload (measured first if needed)
              --duration D                       steady duration, as 60s, 2m. Default: 30s
              --threads N                        sysbench --threads on the source. Default: 8
              --durable true|false               innodb_flush_log_at_trx_commit=1 and sync_binlog=1 on both
                                                 servers; false: 2 and 0. Default: true
              --verify true|false                CHECKSUM TABLE on both servers after each run. Default: true
              --json FILE                        also write every measurement as JSON
              --tandem-transactions-per-commit N tandem's transactions-per-commit: source transactions one
                                                 target commit may carry in a catch-up. Default: tandem's
              --tandem-parallel-workers N        tandem's parallel-workers: target connections applying
                                                 independent transactions at once. Default: tandem's
              --tandem-set KEY=VALUE             any other channel setting of tandem's (repeatable)
              --help                             this text

            Java options (a JFR recording, for example) go in BENCH_JAVA_OPTS. See bench/README.md.
            """;

    static BenchOptions parse(String[] args) {
        List<String> problems = new ArrayList<>();
        List<Mode> modes = List.of(Mode.CATCHUP, Mode.STEADY);
        List<Workload> workloads = List.of(Workload.values());
        List<ReplicaKind> replicas = List.of(ReplicaKind.values());
        int tables = 8;
        int tableSize = 50_000;
        int backlog = 15_000;
        int rate = 0;
        Duration duration = Duration.ofSeconds(30);
        int threads = 8;
        boolean durable = true;
        boolean verify = true;
        Path json = null;
        java.util.Map<String, String> tandemSettings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (!option.equals("--help") && !option.equals("-h") && i + 1 < args.length) {
                value = args[++i];
            }
            if (!option.equals("--help") && !option.equals("-h") && value == null) {
                problems.add(option + ": needs a value");
                continue;
            }
            try {
                switch (option) {
                    case "--help", "-h" -> throw new HelpRequested();
                    case "--mode" -> modes = switch (value.toLowerCase(Locale.ROOT)) {
                        case "catchup", "catch-up" -> List.of(Mode.CATCHUP);
                        case "steady" -> List.of(Mode.STEADY);
                        case "all" -> List.of(Mode.CATCHUP, Mode.STEADY);
                        default -> throw new IllegalArgumentException("must be catchup, steady or all");
                    };
                    case "--workload" -> workloads = value.equalsIgnoreCase("all") ? List.of(Workload.values())
                            : list(value, Workload::named);
                    case "--replicas" -> replicas = value.equalsIgnoreCase("all") ? List.of(ReplicaKind.values())
                            : list(value, ReplicaKind::named);
                    case "--tables" -> tables = positive(value);
                    case "--table-size" -> tableSize = positive(value);
                    case "--backlog-transactions" -> backlog = positive(value);
                    case "--rate" -> rate = positive(value);
                    case "--duration" -> duration = duration(value);
                    case "--threads" -> threads = positive(value);
                    case "--durable" -> durable = bool(value);
                    case "--verify" -> verify = bool(value);
                    case "--json" -> json = Path.of(value);
                    case "--tandem-transactions-per-commit" ->
                            tandemSettings.put("transactions-per-commit", String.valueOf(positive(value)));
                    case "--tandem-parallel-workers" ->
                            tandemSettings.put("parallel-workers", String.valueOf(positive(value)));
                    case "--tandem-set" -> {
                        int separator = value.indexOf('=');
                        if (separator < 1) {
                            throw new IllegalArgumentException("must be KEY=VALUE");
                        }
                        tandemSettings.put(value.substring(0, separator).trim(), value.substring(separator + 1).trim());
                    }
                    default -> problems.add(option + ": unknown option (see --help)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(option + " " + value + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadArgumentsException(problems);
        }
        return new BenchOptions(modes, workloads, replicas, tables, tableSize, backlog, rate, duration, threads,
                durable, verify, json, java.util.Map.copyOf(tandemSettings));
    }

    private static <T> List<T> list(String value, java.util.function.Function<String, T> parse) {
        Set<T> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(parse.apply(item.trim()));
            }
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("names at least one");
        }
        return List.copyOf(items);
    }

    private static int positive(String value) {
        try {
            int number = Integer.parseInt(value.replace("_", ""));
            if (number < 1) {
                throw new IllegalArgumentException("must be at least 1");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    static Duration duration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a duration such as 60s, 2m or 500ms");
        }
    }

    /** --help was given: print the usage and stop without error. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super("help requested", null, false, false);
        }
    }

    /** Every problem with the command line, one per line. */
    static final class BadArgumentsException extends RuntimeException {
        BadArgumentsException(List<String> problems) {
            super("replication-bench: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " with the arguments:\n  " + String.join("\n  ", problems) + "\nSee --help.");
        }
    }
}
