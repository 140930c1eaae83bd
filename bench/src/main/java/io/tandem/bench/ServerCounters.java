package io.tandem.bench;

import io.tandem.testkit.MariaDbServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a server's numeric {@code SHOW GLOBAL STATUS} counters, and the difference of two:
 * what a server did during a measurement (commits, fsyncs, round trips).
 */
record ServerCounters(Map<String, Long> values) {

    /** The counters that show where a replica's time goes, in the order they are printed. */
    static final List<String> OF_INTEREST = List.of("Questions", "Com_commit", "Com_begin", "Com_insert", "Com_update",
            "Com_delete", "Com_set_option", "Handler_write", "Handler_update", "Handler_delete", "Binlog_commits",
            "Binlog_group_commits", "Innodb_os_log_fsyncs", "Innodb_data_fsyncs");

    ServerCounters {
        values = Map.copyOf(values);
    }

    static ServerCounters of(MariaDbServer server) {
        Map<String, Long> values = new TreeMap<>();
        for (List<String> row : server.queryRows("SHOW GLOBAL STATUS")) {
            try {
                values.put(row.get(0), Long.parseLong(row.get(1)));
            } catch (NumberFormatException | NullPointerException e) {
                // Not a counter (a version string, ON/OFF).
            }
        }
        return new ServerCounters(values);
    }

    long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** This snapshot minus an earlier one. */
    ServerCounters since(ServerCounters earlier) {
        Map<String, Long> delta = new TreeMap<>();
        values.forEach((name, value) -> delta.put(name, value - earlier.get(name)));
        return new ServerCounters(delta);
    }

    /** Rows written by DML: inserts, updates and deletes as the storage engine saw them. */
    long rowsChanged() {
        return get("Handler_write") + get("Handler_update") + get("Handler_delete");
    }

    /** The counters of interest that exist on this server, per transaction. */
    Map<String, Double> perTransaction(long transactions) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (String name : OF_INTEREST) {
            if (values.containsKey(name) && transactions > 0) {
                result.put(name, (double) values.get(name) / transactions);
            }
        }
        return result;
    }
}
