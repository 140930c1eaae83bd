package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.config.StartupCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before any channel starts, that every server of a configuration can take part in correct
 * replication, and reports every problem at once.
 *
 * <p>All servers that a channel uses are read in parallel, each on its own virtual thread over one
 * JDBC connection as the configured user (connect timeout {@link #DEFAULT_CONNECT_TIMEOUT}, each
 * query bounded by {@link #QUERY_TIMEOUT}). Nothing on the servers is changed. An unreachable server
 * is one problem among the others: the checks of the servers that answered still run.
 *
 * <pre>{@code
 * CheckReport report = new StartupChecks(config).run();
 * if (!report.isClean()) {
 *     throw new IllegalStateException(report.format(config.origin()));
 * }
 * report.warnings().forEach(log::warn);
 * }</pre>
 */
public final class StartupChecks {

    /** How long to wait for a server to accept a connection; a few seconds, as an operator waits for a start. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** The bound on each query, so a hung server (SIGSTOP, full disk) cannot hang the start. */
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final ReplicatorConfig config;
    private final Duration connectTimeout;

    public StartupChecks(ReplicatorConfig config) {
        this(config, DEFAULT_CONNECT_TIMEOUT);
    }

    public StartupChecks(ReplicatorConfig config, Duration connectTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
    }

    /** Reads every used server and judges what it read. Blocks for at most the connect timeout plus two query timeouts. */
    public CheckReport run() {
        ServerInspector inspector = new ServerInspector(connectTimeout, QUERY_TIMEOUT);
        Duration bound = connectTimeout.plus(QUERY_TIMEOUT).plus(QUERY_TIMEOUT);
        Map<String, ServerFacts> facts = new LinkedHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ServerFacts>> pending = new LinkedHashMap<>();
            for (String name : new Topology(config).usedServers()) {
                ServerConfig server = config.server(name);
                pending.put(name, executor.submit(() -> inspector.inspect(server)));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            for (Map.Entry<String, Future<ServerFacts>> entry : pending.entrySet()) {
                ServerConfig server = config.server(entry.getKey());
                facts.put(entry.getKey(), await(entry.getValue(), server, deadline, bound));
            }
            pending.values().forEach(future -> future.cancel(true));
        }
        return evaluate(config, facts);
    }

    private static ServerFacts await(Future<ServerFacts> future, ServerConfig server, long deadline, Duration bound) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ServerFacts.unreachable(server, "no answer within " + bound.toSeconds() + "s", 0);
        } catch (ExecutionException e) {
            return ServerFacts.unreachable(server, ServerInspector.scrub(String.valueOf(e.getCause()), server.password()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ServerFacts.unreachable(server, "interrupted while waiting for it", 0);
        }
    }

    /** Judges the servers' facts against the configuration: every rule, no I/O. */
    static CheckReport evaluate(ReplicatorConfig config, Map<String, ServerFacts> facts) {
        Topology topology = new Topology(config);
        Findings findings = new Findings();
        ServerSettingChecks settings = new ServerSettingChecks(config, topology, findings);
        PrivilegeChecks privileges = new PrivilegeChecks(config, topology, findings);
        List<ServerFacts> reachable = new ArrayList<>();
        for (String name : topology.usedServers()) {
            ServerFacts server = facts.get(name);
            if (server != null && server.isReachable()) {
                reachable.add(server);
            }
        }
        for (String name : topology.usedServers()) {
            ServerFacts server = facts.get(name);
            if (server == null) {
                continue;
            }
            if (!server.isReachable()) {
                unreachable(server, topology.touching(name), findings);
                continue;
            }
            settings.check(server, reachable);
            privileges.check(server, facts);
        }
        new TopologyChecks(config, topology, findings).check(reachable);
        return findings.report();
    }

    private static void unreachable(ServerFacts server, List<ChannelConfig> touching, Findings findings) {
        ServerConfig config = server.server();
        String what = config.name() + " (" + config.address() + ", user " + config.user() + "): cannot connect: "
                + server.connectFailure().orElseThrow().replaceAll("\\s+", " ");
        String advice = switch (server.connectErrorCode()) {
            case 1045 -> // ER_ACCESS_DENIED_ERROR
                    " The server refused the login: check user and password in [server " + config.name()
                            + "], and that the account exists for the host tandem runs on"
                            + " (SELECT user, host FROM mysql.user)";
            case 1130 -> // ER_HOST_NOT_PRIVILEGED
                    " The server does not accept " + config.user() + " from this host: create the account for"
                            + " tandem's host (CREATE USER '" + config.user() + "'@'<tandem's host>')";
            default -> " Check that the server is running and listening on " + config.address()
                    + " (bind-address in its my.cnf, firewall), and that this host can reach it";
        };
        findings.problem(StartupCheck.SERVER_REACHABLE, touching, what + "." + advice);
    }
}
