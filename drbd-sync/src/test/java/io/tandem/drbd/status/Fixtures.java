package io.tandem.drbd.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the status fixtures under src/test/resources/status. */
final class Fixtures {

    private Fixtures() {}

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/status/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture status/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T parsed(ParseOutcome<T> outcome) {
        return switch (outcome) {
            case ParseOutcome.Parsed<T> parsed -> parsed.status();
            case ParseOutcome.UnknownFormat<T> unknown -> throw new AssertionError("not parsed: " + unknown);
        };
    }

    static <T> ParseOutcome.UnknownFormat<T> unknownFormat(ParseOutcome<T> outcome) {
        return switch (outcome) {
            case ParseOutcome.Parsed<T> parsed -> throw new AssertionError("parsed, but should not: " + parsed);
            case ParseOutcome.UnknownFormat<T> unknown -> unknown;
        };
    }
}
