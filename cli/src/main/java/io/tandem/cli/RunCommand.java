package io.tandem.cli;

import io.tandem.replicator.Replicator;
import io.tandem.replicator.admin.AdminServer;
import io.tandem.replicator.admin.ReplicatorMetrics;
import io.tandem.replicator.admin.StatusReports;
import io.tandem.replicator.config.ConfigLoader;
import io.tandem.replicator.config.InvalidConfigurationException;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the replicator service in the foreground until stopped (SIGTERM, Ctrl-C) or a channel fails. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run every channel of a configuration until stopped.",
                "Startup checks run first; any problem stops tandem before it reads or writes anything."})
final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "tandem configuration (see conf/tandem.cnf).")
    Path config;

    @Option(names = "--status-every", defaultValue = "30s", paramLabel = "DURATION",
            description = "Print channel status this often (default: ${DEFAULT-VALUE}; 0 for never).")
    String statusEvery;

    @Option(names = "--exit-on-error",
            description = {"Stop every channel and exit 1 as soon as one channel stops on an error.",
                    "By default the service keeps running, as a native replica does: the failed channel shows its"
                            + " error in 'tandem status' and the metrics, and the other channels go on."})
    boolean exitOnError;

    @Override
    public Integer call() throws Exception {
        ReplicatorConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return TandemCommand.EXIT_USAGE;
        }
        Duration every;
        try {
            every = Durations.parse(statusEvery);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--status-every: " + e.getMessage());
        }
        ReplicatorMetrics metrics = new ReplicatorMetrics();
        Replicator replicator;
        try {
            replicator = Replicator.start(loaded, metrics::observerFor);
        } catch (Replicator.StartupRefusedException e) {
            System.err.println(e.getMessage());
            return TandemCommand.exitCodeFor(e.report());
        }
        metrics.bind(replicator);
        AdminServer admin = null;
        if (loaded.admin().isEnabled()) {
            try {
                admin = AdminServer.start(loaded.admin(), replicator, metrics);
            } catch (IOException e) {
                replicator.stop(Duration.ofSeconds(30));
                throw new CommandFailure(TandemCommand.EXIT_USAGE, "cannot start the admin endpoint: " + e.getMessage());
            }
        }
        AdminServer adminServer = admin;
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                if (adminServer != null) {
                    adminServer.close();
                }
                replicator.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "tandem-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long lastPrint = System.nanoTime();
        Set<String> reportedErrors = new HashSet<>();
        while (stopped.getCount() > 0) {
            stopped.await(200, TimeUnit.MILLISECONDS);
            List<ChannelStatus> statuses = replicator.status();
            boolean newError = false;
            for (ChannelStatus status : statuses) {
                if (status.state() == ChannelState.ERROR && reportedErrors.add(status.channel())) {
                    newError = true;
                }
            }
            if (newError) {
                System.err.print(StatusTable.render(StatusReports.online(loaded, statuses, Instant.now())));
                if (exitOnError) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    if (adminServer != null) {
                        adminServer.close();
                    }
                    replicator.stop(Duration.ofSeconds(30));
                    return TandemCommand.EXIT_FAILED;
                }
            }
            if (!every.isZero() && System.nanoTime() - lastPrint > every.toNanos()) {
                System.out.print(StatusTable.render(StatusReports.online(loaded, statuses, Instant.now())));
                lastPrint = System.nanoTime();
            }
        }
        return 0;
    }
}
