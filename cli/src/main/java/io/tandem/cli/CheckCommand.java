package io.tandem.cli;

import io.tandem.replicator.check.CheckReport;
import io.tandem.replicator.check.StartupChecks;
import io.tandem.replicator.config.ConfigLoader;
import io.tandem.replicator.config.InvalidConfigurationException;
import io.tandem.replicator.config.ReplicatorConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Validates a configuration and runs the startup checks against the live servers, changing nothing. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a configuration and check every server it names (settings, privileges,",
                "topology), listing every problem at once. Reads only; changes nothing."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "tandem configuration.")
    Path config;

    @Override
    public Integer call() {
        ReplicatorConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return TandemCommand.EXIT_USAGE;
        }
        loaded.warnings().forEach(warning -> System.err.println("warning: " + warning));
        CheckReport report = new StartupChecks(loaded).run();
        report.warnings().forEach(warning -> System.err.println("warning: " + warning));
        if (!report.isClean()) {
            System.err.println(report.format(loaded.origin()));
            return TandemCommand.exitCodeFor(report);
        }
        System.out.println(loaded.origin() + ": configuration valid and every server passed the startup checks ("
                + loaded.channels().size() + " channels).");
        return 0;
    }
}
