package io.tandem.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The three replicas measured against the same source and workload. */
enum ReplicaKind {

    /** MariaDB's replica threads, one SQL thread (slave_parallel_threads=0), the default. */
    NATIVE_SERIAL("native-serial", List.of("--slave-parallel-threads=0")),

    /** MariaDB's optimistic parallel replication with four worker threads. */
    NATIVE_PARALLEL("native-parallel", List.of("--slave-parallel-threads=4", "--slave-parallel-mode=optimistic")),

    /** tandem's channel, in this JVM, applying to the replica over JDBC. */
    TANDEM("tandem", List.of());

    final String label;
    /** mariadbd options of the replica server specific to this kind. */
    final List<String> replicaArguments;

    ReplicaKind(String label, List<String> replicaArguments) {
        this.label = label;
        this.replicaArguments = replicaArguments;
    }

    boolean isNative() {
        return this != TANDEM;
    }

    static ReplicaKind named(String name) {
        return Arrays.stream(values()).filter(r -> r.label.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown replica; known: "
                        + Arrays.stream(values()).map(r -> r.label).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return label;
    }
}
