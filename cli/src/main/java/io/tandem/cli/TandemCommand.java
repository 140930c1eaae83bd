package io.tandem.cli;

import io.tandem.replicator.check.CheckReport;
import io.tandem.replicator.config.StartupCheck;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command line.
 *
 * <p>Exit codes: 0 success; 1 the work failed (replication error, servers did not converge); 2 usage or
 * configuration error; 3 a server could not be reached.
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemCommand.Version.class,
        description = "High availability for MySQL and MariaDB server pairs.",
        subcommands = {DemoCommand.class, RunCommand.class, CheckCommand.class, CheckpointCommand.class, SkippedCommand.class,
                CommandLine.HelpCommand.class}, exitCodeOnInvalidInput = TandemCommand.EXIT_USAGE,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the work failed (replication stopped on an error, servers did not converge)",
                "2:usage or configuration error", "3:a server could not be reached"})
public final class TandemCommand {

    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;

    /** 3 when a server could not be reached (the other problems may be its consequence), else 2. */
    static int exitCodeFor(CheckReport report) {
        boolean unreachable = report.problems().stream()
                .anyMatch(problem -> problem.check() == StartupCheck.SERVER_REACHABLE);
        return unreachable ? EXIT_UNREACHABLE : EXIT_USAGE;
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        CommandLine commandLine = new CommandLine(new TandemCommand());
        System.exit(commandLine.execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TandemCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tandem " + (version == null ? "development build" : version)};
        }
    }
}
