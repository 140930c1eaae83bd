package io.tandem.drbd.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a DRBD configuration, at the place an operator has to edit: {@code file:line: message},
 * the form drbdadm itself uses for parse errors.
 */
public record ConfigProblem(Path file, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 1) {
            throw new IllegalArgumentException("lines count from 1, got " + line + " for: " + message);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
