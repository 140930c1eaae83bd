package io.tandem.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sysbench scripts the harness runs on the source, with what one of their transactions writes.
 * Both use the same sbtest tables (oltp_common.lua), so one prepared data set serves both.
 */
enum Workload {

    /**
     * BEGIN; UPDATE sbtest SET k=k+1 (indexed column); UPDATE sbtest SET c=? (not indexed); DELETE one
     * row; INSERT it again; COMMIT. Four row changes in one transaction, by primary key.
     */
    OLTP_WRITE_ONLY("oltp_write_only"),

    /** One autocommit INSERT of a new row (auto-increment id): one row per transaction. */
    OLTP_INSERT("oltp_insert");

    final String script;

    Workload(String script) {
        this.script = script;
    }

    static Workload named(String name) {
        return Arrays.stream(values()).filter(w -> w.script.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload; known: "
                        + Arrays.stream(values()).map(w -> w.script).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return script;
    }
}
