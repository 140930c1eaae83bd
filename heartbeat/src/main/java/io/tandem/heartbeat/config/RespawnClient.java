package io.tandem.heartbeat.config;

import java.util.Objects;

/**
 * ha.cf's {@code respawn <user> <command> [args...]}: a program started after comm-up and restarted whenever it
 * exits with a code other than 100.
 *
 * @param user the account it runs as
 * @param command the absolute program path and its arguments, as written
 */
public record RespawnClient(String user, String command) {

    public RespawnClient {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(command, "command");
    }

    /** The program path: the first word of {@link #command()}. */
    public String program() {
        int blank = command.indexOf(' ');
        int tab = command.indexOf('\t');
        int end = blank < 0 ? tab : tab < 0 ? blank : Math.min(blank, tab);
        return end < 0 ? command : command.substring(0, end);
    }
}
