package io.tandem.heartbeat.config;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a configuration file, located so that an operator can go straight to it.
 *
 * @param file the file's name, such as {@code ha.cf}
 * @param line the 1-based line, or 0 when the problem is about the file as a whole (a missing directive)
 * @param directive the directive concerned ({@code keepalive}, {@code auth}), or empty
 * @param message what is wrong and what is accepted instead; never a key or a password
 */
public record ConfigProblem(String file, int line, String directive, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 (whole file) or positive: " + line);
        }
    }

    /** {@code ha.cf:7: keepalive: "30s" is not a heartbeat time ...}, the form used in logs and exceptions. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (directive.isEmpty() ? "" : directive + ": ") + message;
    }
}
