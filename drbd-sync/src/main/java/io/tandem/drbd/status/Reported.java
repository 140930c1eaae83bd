package io.tandem.drbd.status;

import java.util.Objects;

/**
 * A state as DRBD reported it: the enum it maps to and the exact word it was read from.
 *
 * <p>A word this code does not know maps to the enum's {@code UNRECOGNIZED} constant and keeps its text, so a newer
 * DRBD release never turns into a wrong but plausible state. DRBD's own "Unknown" role and "DUnknown" disk state are
 * real states, distinct from {@code UNRECOGNIZED}.
 *
 * @param state the mapped state; {@code UNRECOGNIZED} when the word is not one this code knows
 * @param word the text as printed by DRBD (for 8.x {@code cs:} words split in two, the original {@code cs:} word)
 */
public record Reported<E extends Enum<E>>(E state, String word) {

    public Reported {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(word, "word");
    }

    public boolean isRecognized() {
        return !state.name().equals("UNRECOGNIZED");
    }

    public boolean is(E expected) {
        return state == expected;
    }

    @Override
    public String toString() {
        return isRecognized() ? word : "unrecognized \"" + word + "\"";
    }
}
