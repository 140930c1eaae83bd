package io.tandem.heartbeat.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One meaningful line of ha.cf or tandem.cf: the directive as written and the rest of the line, with comments
 * and the delimiters after the directive already removed.
 *
 * @param number the 1-based line number
 * @param written the directive exactly as typed (case kept, for messages and the case check)
 * @param arguments everything after it, never starting with a delimiter
 */
record DirectiveLine(int number, String written, String arguments) {

    // heartbeat's DELIMS: most directives take a list of values separated by commas, spaces or tabs.
    private static final Pattern VALUE_DELIMITERS = Pattern.compile("[, \t]+");
    // Whole-line directives (ucast, mcast, respawn, apiauth, stonith...) split only at blanks.
    private static final Pattern BLANKS = Pattern.compile("[ \t\f]+");

    /** The directive's name in lower case, the form tandem looks it up by. */
    String name() {
        return written.toLowerCase(Locale.ROOT);
    }

    /** The values of a list directive ({@code node a,b c}), as heartbeat splits them. */
    List<String> values() {
        return split(VALUE_DELIMITERS);
    }

    /** The words of a whole-line directive ({@code ucast eth1 10.0.0.2}). */
    List<String> words() {
        return split(BLANKS);
    }

    private List<String> split(Pattern delimiters) {
        return Arrays.stream(delimiters.split(arguments)).filter(word -> !word.isEmpty()).toList();
    }
}
