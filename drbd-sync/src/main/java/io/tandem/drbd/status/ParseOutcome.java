package io.tandem.drbd.status;

import java.util.Objects;

/**
 * What a status parser made of its input: either the status, or a report of where the input stopped looking like the
 * format. Parsers never throw on input and never guess past a line they do not understand.
 */
public sealed interface ParseOutcome<T> permits ParseOutcome.Parsed, ParseOutcome.UnknownFormat {

    /** The input was understood. Unknown keys may have been skipped; unknown state words are kept as unrecognized. */
    record Parsed<T>(T status) implements ParseOutcome<T> {
        public Parsed {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The input is not (or no longer) in the expected format.
     *
     * @param lineNumber 1-based line where the problem was found; 0 when the input as a whole is the problem (empty)
     * @param line that line's text, or "" for lineNumber 0
     * @param reason what was expected there
     */
    record UnknownFormat<T>(int lineNumber, String line, String reason) implements ParseOutcome<T> {
        public UnknownFormat {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return lineNumber == 0 ? reason : "line " + lineNumber + " \"" + line + "\": " + reason;
        }
    }

    static <T> ParseOutcome<T> unknownFormat(int lineNumber, String line, String reason) {
        return new UnknownFormat<>(lineNumber, line, reason);
    }
}
