package io.tandem.replicator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines of a tandem configuration, read with my.cnf's rules so that lines pasted from a
 * {@code [mysqld]} section mean what they meant there:
 * <ul>
 *   <li>{@code #} or {@code ;} at the start of a line is a comment, and {@code #} also ends an
 *       unquoted value ({@code binlog-do-db=felix #comment} is {@code felix}); quote a value that
 *       contains {@code #};
 *   <li>{@code key = value}, spaces around both trimmed; a value may be in single or double quotes;
 *   <li>a key without {@code =} ({@code log-slave-updates}) is a bare flag;
 *   <li>{@code \\ \b \t \n \r \s \" \'} are escapes in values, and a backslash before any other
 *       character stays (so the wildcard escape {@code db\_1.%} reaches the filter unchanged);
 *   <li>dashes and underscores are the same in keys, and keys are not case-sensitive.
 * </ul>
 */
final class IniFile {

    /**
     * @param rawKey the key as written, for messages
     * @param key the key normalised: lower case, underscores as dashes
     * @param value the value with quotes and escapes resolved, or null for a bare key
     * @param line 1-based line number
     */
    record Entry(String rawKey, String key, String value, int line) {

        boolean isBare() {
            return value == null;
        }
    }

    /**
     * @param kind the first word inside the brackets, lower case ({@code server})
     * @param name the rest, trimmed ({@code db1}); empty when absent
     * @param header the text inside the brackets as written
     */
    record Section(String kind, String name, String header, int line, List<Entry> entries) {}

    private final List<Section> sections = new ArrayList<>();
    private final List<Entry> outsideSections = new ArrayList<>();

    List<Section> sections() {
        return sections;
    }

    /** Entries before the first section header. */
    List<Entry> outsideSections() {
        return outsideSections;
    }

    static String normalizeKey(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Adds a section in code (the builder's way in). */
    Section addSection(String kind, String name, int line) {
        Section section = new Section(kind.toLowerCase(Locale.ROOT), name, (kind + " " + name).trim(), line,
                new ArrayList<>());
        sections.add(section);
        return section;
    }

    static IniFile parse(String text, ProblemList problems) {
        IniFile file = new IniFile();
        Section current = null;
        String[] lines = text.split("\r?\n|\r", -1);
        for (int index = 0; index < lines.length; index++) {
            int number = index + 1;
            String line = lines[index].strip();
            if (index == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("!include")) {
                problems.add(number, line.split("\\s+")[0] + ": tandem does not follow includes; put every"
                        + " setting in this file");
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                String after = close < 0 ? "" : stripComment(line.substring(close + 1)).strip();
                if (close < 0 || !after.isEmpty()) {
                    problems.add(number, line + ": a section header is [kind name] alone on its line, like [server db1]");
                    current = null;
                    continue;
                }
                String header = line.substring(1, close).strip();
                String[] parts = header.split("\\s+", 2);
                current = new Section(parts[0].toLowerCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "",
                        header, number, new ArrayList<>());
                file.sections.add(current);
                continue;
            }
            Entry entry = entry(line, number, problems);
            if (entry == null) {
                continue;
            }
            if (current == null) {
                file.outsideSections.add(entry);
            } else {
                current.entries().add(entry);
            }
        }
        return file;
    }

    private static Entry entry(String line, int number, ProblemList problems) {
        int equals = line.indexOf('=');
        String rawKey = stripComment(equals < 0 ? line : line.substring(0, equals)).strip();
        if (rawKey.isEmpty()) {
            problems.add(number, "\"" + line + "\": a setting needs a name before the =");
            return null;
        }
        if (!rawKey.matches("[A-Za-z0-9_.-]+")) {
            problems.add(number, "\"" + rawKey + "\": not a setting name (letters, digits, - and _); a value needs"
                    + " an = before it");
            return null;
        }
        if (equals < 0) {
            return new Entry(rawKey, normalizeKey(rawKey), null, number);
        }
        try {
            return new Entry(rawKey, normalizeKey(rawKey), value(line.substring(equals + 1)), number);
        } catch (IllegalArgumentException e) {
            problems.add(number, rawKey + ": " + e.getMessage());
            return null;
        }
    }

    /** Resolves quotes, escapes and a trailing comment, as my.cnf does. */
    static String value(String text) {
        String rest = text.strip();
        StringBuilder value = new StringBuilder();
        if (!rest.isEmpty() && (rest.charAt(0) == '"' || rest.charAt(0) == '\'')) {
            char quote = rest.charAt(0);
            int i = 1;
            while (i < rest.length() && rest.charAt(i) != quote) {
                i = appendEscaped(rest, i, value);
            }
            if (i >= rest.length()) {
                throw new IllegalArgumentException("the value's " + quote + " quote is not closed");
            }
            String after = rest.substring(i + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#")) {
                throw new IllegalArgumentException("text after the closing quote: " + after);
            }
            return value.toString();
        }
        int i = 0;
        while (i < rest.length() && rest.charAt(i) != '#') {
            i = appendEscaped(rest, i, value);
        }
        return value.toString().strip();
    }

    private static int appendEscaped(String text, int i, StringBuilder out) {
        char c = text.charAt(i);
        if (c != '\\' || i + 1 >= text.length()) {
            out.append(c);
            return i + 1;
        }
        char escaped = text.charAt(i + 1);
        switch (escaped) {
            case '\\' -> out.append('\\');
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 's' -> out.append(' ');
            case '"' -> out.append('"');
            case '\'' -> out.append('\'');
            default -> out.append('\\').append(escaped);
        }
        return i + 2;
    }

    private static String stripComment(String text) {
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }
}
