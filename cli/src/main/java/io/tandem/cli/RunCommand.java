package io.tandem.cli;

import io.tandem.replicator.Replicator;
import io.tandem.replicator.admin.StatusReports;
import io.tandem.replicator.config.ConfigLoader;
import io.tandem.replicator.config.InvalidConfigurationException;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        Replicator replicator;
        try {
            replicator = Replicator.start(loaded);
        } catch (Replicator.StartupRefusedException e) {
            System.err.println(e.getMessage());
            return TandemCommand.exitCodeFor(e.report());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                replicator.stop(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
            }
        }, "tandem-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // ---- ADMIN SERVER (wired in at the merge of the admin endpoint branch) ----
        // Start the admin HTTP endpoint here, once the channels exist and before the status loop: it serves
        // GET /v1/status from StatusReports.online(loaded, replicator.status(), now) on [replicator] admin-listen,
        // and must be closed in the shutdown hook above and on the error path below, before replicator.stop.
        // ---- end ADMIN SERVER ----
        long lastPrint = System.nanoTime();
        while (stopped.getCount() > 0) {
            Thread.sleep(200);
            List<ChannelStatus> statuses = replicator.status();
            if (statuses.stream().anyMatch(s -> s.state() == ChannelState.ERROR)) {
                System.err.print(StatusTable.render(StatusReports.online(loaded, statuses, Instant.now())));
                Runtime.getRuntime().removeShutdownHook(hook);
                replicator.stop(Duration.ofSeconds(30));
                return TandemCommand.EXIT_FAILED;
            }
            if (!every.isZero() && System.nanoTime() - lastPrint > every.toNanos()) {
                System.out.print(StatusTable.render(StatusReports.online(loaded, statuses, Instant.now())));
                lastPrint = System.nanoTime();
            }
        }
        return 0;
    }
}
