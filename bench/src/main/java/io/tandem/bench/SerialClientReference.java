package io.tandem.bench;

import io.tandem.testkit.MariaDbServer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not a replica: the workload run by <em>one</em> sysbench connection on a server set up as the source.
 * This is the most a single client connection can commit here when it waits for each transaction's
 * statements and durable commit before the next, which is what a serial applier over JDBC is. It puts
 * tandem's serial figure next to the bound of its method, and the native SQL thread (which applies row
 * events inside the server, without a round trip per statement) next to both.
 *
 * @param workload the sysbench script
 * @param transactions transactions committed
 * @param transactionsPerSecond committed per second by one connection
 * @param rowsPerSecond rows changed per second
 */
record SerialClientReference(String workload, long transactions, double transactionsPerSecond,
        double rowsPerSecond) {

    private static final Logger log = LoggerFactory.getLogger("bench");

    static SerialClientReference measure(PreparedData data, ServerSettings settings, Sysbench sysbench, Path logs,
            Workload workload, int events) {
        try (MariaDbServer server = MariaDbServer.start("reference", settings.options(1, List.of()), logs)) {
            data.loadInto(server);
            sysbench.prewarm(server);
            long before = sequence(server);
            ServerCounters counters = ServerCounters.of(server);
            log.info("  one sysbench connection runs {} {} transactions on a server set up as the source", events,
                    workload);
            long start = System.nanoTime();
            sysbench.runEvents(server, workload, events, 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            long transactions = sequence(server) - before;
            long rows = ServerCounters.of(server).since(counters).rowsChanged();
            log.info("  one connection: {} trx/s", Math.round(transactions / seconds));
            return new SerialClientReference(workload.script, transactions, transactions / seconds, rows / seconds);
        }
    }

    private static long sequence(MariaDbServer server) {
        String position = server.queryString("SELECT @@gtid_binlog_pos");
        if (position == null || position.isEmpty()) {
            return 0;
        }
        String[] parts = position.split(",")[0].split("-");
        return Long.parseLong(parts[2]);
    }
}
