package io.tandem.heartbeat.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns file bytes into text and text into {@link DirectiveLine}s the way heartbeat 3.0.6's {@code parse_config} does. */
final class ConfigText {

    private static final String LEADING_WHITESPACE = " \t\f\r\u000b";

    private ConfigText() {}

    /**
     * Decodes UTF-8, replacing what is not UTF-8: the files are ASCII where it matters, but comments in the wild
     * are in every encoding (the seed how-to's are Chinese) and must not make a file unreadable.
     */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /** The physical lines of {@code text}, numbered from 1 by their index + 1. */
    static String[] physicalLines(String text) {
        return text.split("\n", -1);
    }

    /**
     * The directive lines of an ha.cf-style file. As in heartbeat, a {@code #} anywhere starts a comment, a
     * carriage return ends the line, the directive runs to the first blank, and the delimiters after it (blanks
     * and commas) are skipped.
     */
    static List<DirectiveLine> directiveLines(String text) {
        List<DirectiveLine> lines = new ArrayList<>();
        String[] physical = physicalLines(text);
        for (int i = 0; i < physical.length; i++) {
            String line = stripLeading(physical[i]);
            line = cutAt(line, '#');
            line = cutAt(line, '\r').stripTrailing();
            if (line.isEmpty()) {
                continue;
            }
            int end = 0;
            while (end < line.length() && !isBlank(line.charAt(end))) {
                end++;
            }
            int rest = end;
            while (rest < line.length() && (isBlank(line.charAt(rest)) || line.charAt(rest) == ',')) {
                rest++;
            }
            lines.add(new DirectiveLine(i + 1, line.substring(0, end), line.substring(rest)));
        }
        return lines;
    }

    static String stripLeading(String line) {
        int start = 0;
        while (start < line.length() && LEADING_WHITESPACE.indexOf(line.charAt(start)) >= 0) {
            start++;
        }
        return line.substring(start);
    }

    static String cutAt(String line, char c) {
        int at = line.indexOf(c);
        return at < 0 ? line : line.substring(0, at);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\u000b';
    }
}
