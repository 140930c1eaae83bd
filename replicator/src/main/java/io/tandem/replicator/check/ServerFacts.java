package io.tandem.replicator.check;

import io.tandem.replicator.config.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the startup checks read from one server. Each part that could not be read says why instead,
 * so a missing privilege turns into a warning about what could not be checked, not into a false
 * finding.
 *
 * @param server the configured server
 * @param connectFailure why no connection could be made; empty when connected (then the rest is filled in)
 * @param connectErrorCode the server or driver error code of that failure, 0 when none was given
 * @param variables global variables by lower-case name; a variable the server does not have is absent
 * @param currentUser {@code CURRENT_USER()}, as the grants name the account ({@code tandem@10.10.10.%})
 * @param grants the lines of {@code SHOW GRANTS}; empty with {@code grantsFailure} set when unreadable
 * @param grantsFailure why the grants could not be read, or null
 * @param masterStatus {@code Binlog_Do_DB} and {@code Binlog_Ignore_DB} of {@code SHOW MASTER STATUS}, or null
 * @param masterStatusFailure why they could not be read, or null
 * @param nativeReplicas the server's native replication connections ({@code SHOW ALL SLAVES STATUS})
 * @param nativeReplicasFailure why they could not be read, or null
 * @param databases the databases the user can see
 */
record ServerFacts(
        ServerConfig server,
        Optional<String> connectFailure,
        int connectErrorCode,
        Map<String, String> variables,
        String currentUser,
        List<String> grants,
        String grantsFailure,
        MasterStatus masterStatus,
        String masterStatusFailure,
        List<NativeReplica> nativeReplicas,
        String nativeReplicasFailure,
        List<String> databases) {

    /** The two filter columns of SHOW MASTER STATUS, split at commas (as the server joins them). */
    record MasterStatus(List<String> binlogDoDb, List<String> binlogIgnoreDb) {}

    /** One native replication connection of the server. */
    record NativeReplica(String connectionName, String masterHost, int masterPort, long masterServerId,
            boolean ioRunning, boolean sqlRunning) {

        boolean isRunning() {
            return ioRunning || sqlRunning;
        }

        String describe() {
            return "connection " + (connectionName.isEmpty() ? "(default)" : "'" + connectionName + "'") + " from "
                    + masterHost + ":" + masterPort + " (Slave_IO_Running=" + (ioRunning ? "Yes" : "No")
                    + ", Slave_SQL_Running=" + (sqlRunning ? "Yes" : "No") + ")";
        }
    }

    static ServerFacts unreachable(ServerConfig server, String failure, int errorCode) {
        return new ServerFacts(server, Optional.of(failure), errorCode, Map.of(), "", List.of(), null, null, null,
                List.of(), null, List.of());
    }

    ServerFacts {
        variables = Map.copyOf(variables);
        grants = List.copyOf(grants);
        nativeReplicas = List.copyOf(nativeReplicas);
        databases = List.copyOf(databases);
    }

    boolean isReachable() {
        return connectFailure.isEmpty();
    }

    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    boolean isOn(String name) {
        String value = variables.get(name);
        return value != null && (value.equalsIgnoreCase("ON") || value.equals("1"));
    }

    boolean isMariaDb() {
        return variable("version").map(v -> v.contains("MariaDB")).orElse(false)
                || variable("version_comment").map(v -> v.contains("MariaDB")).orElse(false);
    }

    /** {@code db1 (10.10.10.20:3306)}: how messages name the server. */
    String label() {
        return server.name() + " (" + server.address() + ")";
    }
}
