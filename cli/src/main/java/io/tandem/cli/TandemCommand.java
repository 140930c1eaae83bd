package io.tandem.cli;

import io.tandem.replicator.check.CheckReport;
import io.tandem.replicator.config.StartupCheck;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command line.
 *
 * <p>Exit codes, the same for every command (see {@link #EXIT_CODES}): 0 success; 1 the work failed; 2 usage or
 * configuration error; 3 a server or the tandem service could not be reached; 4 timed out; 5 unknown channel;
 * 6 the admin endpoint refused the token. Scripts branch on them (a switchover script moves the VIP only after
 * {@code tandem wait} exits 0), so a code's meaning never changes; new situations get new codes.
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemCommand.Version.class,
        description = "High availability for MySQL and MariaDB server pairs.",
        subcommands = {DemoCommand.class, RunCommand.class, CheckCommand.class, StatusCommand.class, HeartbeatCommand.class,
                DrbdCommand.class, DrbddiskCommand.class,
                WaitCommand.class, CheckpointCommand.class, SkippedCommand.class, CommandLine.HelpCommand.class},
        exitCodeOnInvalidInput = TandemCommand.EXIT_USAGE)
public final class TandemCommand {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNREACHABLE = 3;
    static final int EXIT_TIMED_OUT = 4;
    static final int EXIT_UNKNOWN_CHANNEL = 5;
    static final int EXIT_TOKEN_REFUSED = 6;
    static final int EXIT_REFUSED = 7;

    /** Every exit code with its meaning, as each command's help lists them (README.md has the same table). */
    static final SequencedMap<String, String> EXIT_CODES = exitCodes();

    private static SequencedMap<String, String> exitCodes() {
        SequencedMap<String, String> codes = new LinkedHashMap<>();
        codes.put(String.valueOf(EXIT_OK), "success");
        codes.put(String.valueOf(EXIT_FAILED), "the work failed (replication stopped on an error, the channel is in"
                + " error, servers did not converge)");
        codes.put(String.valueOf(EXIT_USAGE), "usage or configuration error, or a startup check failed");
        codes.put(String.valueOf(EXIT_UNREACHABLE), "a server or the tandem service could not be reached");
        codes.put(String.valueOf(EXIT_TIMED_OUT), "timed out");
        codes.put(String.valueOf(EXIT_UNKNOWN_CHANNEL), "unknown channel");
        codes.put(String.valueOf(EXIT_TOKEN_REFUSED), "the admin endpoint refused the token");
        codes.put(String.valueOf(EXIT_REFUSED), "refused as unsafe by a safety check; nothing was changed");
        return Collections.unmodifiableSequencedMap(codes);
    }

    /** 3 when a server could not be reached (the other problems may be its consequence), else 2. */
    static int exitCodeFor(CheckReport report) {
        boolean unreachable = report.problems().stream()
                .anyMatch(problem -> problem.check() == StartupCheck.SERVER_REACHABLE);
        return unreachable ? EXIT_UNREACHABLE : EXIT_USAGE;
    }

    /**
     * The command line with the exit code table in the help of every command and subcommand, and a
     * {@link CommandFailure} turned into its message on stderr and its exit code.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TandemCommand());
        listExitCodes(commandLine);
        commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof CommandFailure failure) {
                System.err.println(failure.getMessage());
                return failure.exitCode();
            }
            throw exception;
        });
        return commandLine;
    }

    private static void listExitCodes(CommandLine command) {
        // A command that speaks another program's protocol (drbddisk for heartbeat) lists that program's codes.
        if (command.getCommandSpec().usageMessage().exitCodeList().isEmpty()) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        }
        for (CommandLine subcommand : command.getSubcommands().values()) {
            listExitCodes(subcommand);
        }
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TandemCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tandem " + (version == null ? "development build" : version)};
        }
    }
}
