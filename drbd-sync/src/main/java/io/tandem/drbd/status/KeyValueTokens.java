package io.tandem.drbd.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * The {@code key:value key:value} tokens shared by /proc/drbd, drbdadm status and events2. A value may itself hold
 * colons ({@code local:ipv4:1.2.3.4:7789}), so a token splits at its first colon. Tokens without a colon are kept
 * apart, in order, for the formats that have positional words.
 */
record KeyValueTokens(SequencedMap<String, String> pairs, List<String> bareWords) {

    static KeyValueTokens of(String text) {
        SequencedMap<String, String> pairs = new LinkedHashMap<>();
        List<String> bare = new ArrayList<>();
        for (String token : text.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int colon = token.indexOf(':');
            if (colon <= 0) {
                bare.add(token);
            } else {
                pairs.put(token.substring(0, colon), token.substring(colon + 1));
            }
        }
        return new KeyValueTokens(pairs, bare);
    }

    /** Splits input into lines without their line terminators; a trailing newline adds no empty line. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\\r?\\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** A decimal as DRBD prints it, possibly with thousands separators; empty when it is not one. */
    static java.util.OptionalDouble decimal(String text) {
        String plain = text.replace(",", "");
        if (!plain.matches("\\d{1,15}(\\.\\d{1,6})?")) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(Double.parseDouble(plain));
    }

    /** A non-negative integer as DRBD prints it, possibly with thousands separators. */
    static java.util.OptionalLong integer(String text) {
        String plain = text.replace(",", "");
        if (!plain.matches("\\d{1,18}")) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Long.parseLong(plain));
    }
}
