package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {

    @Test
    void theCodesAreTheDocumentedOnes() {
        assertThat(TandemCommand.EXIT_CODES).containsExactly(
                Map.entry("0", "success"),
                Map.entry("1", "the work failed (replication stopped on an error, the channel is in error, servers"
                        + " did not converge)"),
                Map.entry("2", "usage or configuration error, or a startup check failed"),
                Map.entry("3", "a server or the tandem service could not be reached"),
                Map.entry("4", "timed out"),
                Map.entry("5", "unknown channel"),
                Map.entry("6", "the admin endpoint refused the token"),
                Map.entry("7", "refused as unsafe by a safety check; nothing was changed"));
    }

    @Test
    void everyCommandsHelpListsEveryExitCode() {
        List<CommandLine> commands = new ArrayList<>();
        collect(TandemCommand.commandLine(), commands);

        assertThat(commands).extracting(CommandLine::getCommandName).contains("tandem", "status", "wait", "run",
                "check", "demo", "checkpoint", "show", "set", "skipped");
        for (CommandLine command : commands) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (command.getCommandName().equals("drbddisk") || command.getCommandName().equals("fence-peer")) {
                // another program's protocol (heartbeat's resource scripts, DRBD's handlers): its own codes,
                // tested in DrbddiskCommandIT and DrbdFencePeerIT
                assertThat(usage).containsPattern("Exit codes \\((drbddisk's|DRBD's fence-peer protocol)")
                        .containsPattern("(?m)^\\s+3\\s+\\S");
                continue;
            }
            assertThat(usage).as(command.getCommandName()).contains("Exit codes:");
            TandemCommand.EXIT_CODES.forEach((code, meaning) ->
                    assertThat(usage).as(command.getCommandName()).containsPattern("(?m)^\\s+" + code + "\\s+"
                            + java.util.regex.Pattern.quote(meaning.substring(0, Math.min(12, meaning.length())))));
        }
    }

    @Test
    void helpExitsZeroAndPrintsTheExitCodes() {
        Tandem.Run run = Tandem.run("status", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--offline").contains("--check").contains("6   the admin endpoint refused the"
                + " token");
    }

    @Test
    void aMistypedCommandLineExitsTwo() {
        assertThat(Tandem.run("status", "--no-such-option").exitCode()).isEqualTo(2);
        assertThat(Tandem.run("wait", "--caught-up").exitCode()).isEqualTo(2);
        assertThat(Tandem.run("wait", "--channel", "x", "--caught-up", "--progress", "fancy").exitCode()).isEqualTo(2);
    }

    @Test
    void aCommandFailureEndsWithItsCodeAndOnlyItsMessage() {
        CommandLine commandLine = TandemCommand.commandLine();
        commandLine.addSubcommand("fail", new Failing());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = commandLine.execute("fail");
        } finally {
            System.setErr(original);
        }

        assertThat(code).isEqualTo(5);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("unknown channel x; channels: a"
                + System.lineSeparator());
    }

    @CommandLine.Command(name = "fail")
    static final class Failing implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws CommandFailure {
            throw new CommandFailure(TandemCommand.EXIT_UNKNOWN_CHANNEL, "unknown channel x; channels: a");
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(subcommand -> {
            if (!subcommand.getCommandName().equals("help")) {
                collect(subcommand, into);
            }
        });
    }
}
