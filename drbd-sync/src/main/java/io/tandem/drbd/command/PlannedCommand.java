package io.tandem.drbd.command;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One drbdadm invocation of a plan: the argument list exactly as it is executed, and why it is there.
 *
 * @param argv the program and its arguments, {@code argv.get(0)} being {@code drbdadm}
 * @param why one line for the operator reading a dry run
 */
public record PlannedCommand(List<String> argv, String why) {

    public PlannedCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a planned command needs at least the program name");
        }
        if (why == null || why.isBlank() || why.contains("\n")) {
            throw new IllegalArgumentException("a planned command needs a one-line reason: " + argv);
        }
    }

    /** The command as a person would type it; arguments with shell metacharacters are single-quoted. */
    public String commandLine() {
        return argv.stream().map(PlannedCommand::shellQuoted).collect(Collectors.joining(" "));
    }

    private static String shellQuoted(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,@%+".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
