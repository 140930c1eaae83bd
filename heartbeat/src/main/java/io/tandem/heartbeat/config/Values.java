package io.tandem.heartbeat.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Readers for the small value types of the heartbeat files, with the spellings heartbeat 3.0.6 accepts. */
final class Values {

    static final String BOOLEAN_FORMS = "on, off, yes, no, true, false, y, n, 1 or 0";

    // cluster-glue's cl_str_to_boolean, case-insensitive.
    private static final List<String> TRUE = List.of("true", "on", "yes", "y", "1");
    private static final List<String> FALSE = List.of("false", "off", "no", "n", "0");

    private Values() {}

    static Optional<Boolean> parseBoolean(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return Optional.of(true);
        }
        if (FALSE.contains(lower)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /** A decimal integer within [min, max], digits only (heartbeat's {@code atoi} would read "12abc" as 12). */
    static Optional<Integer> parseInt(String text, int min, int max) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int value = Integer.parseInt(text);
        return value < min || value > max ? Optional.empty() : Optional.of(value);
    }

    /**
     * Whether {@code name} can be a Linux network interface: 1 to 15 characters (IFNAMSIZ is 16 with the NUL), no
     * slash, colon or blank, and not {@code .} or {@code ..}.
     */
    static boolean isInterfaceName(String name) {
        return !name.isEmpty() && name.length() <= 15 && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || c <= ' ' || c == 127);
    }

    /** The closest of {@code candidates} to a mistyped {@code word}, if one is within two edits. */
    static Optional<String> closest(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = editDistance(word, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
