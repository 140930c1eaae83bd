package io.tandem.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How cluster-glue packs a list field's value ({@code string_list_pack}), the same in both formats: each
 * element as {@code len:element,}, so {@code ["abc", "defg"]} is {@code 3:abc,4:defg,}.
 */
final class StringListPacking {

    private static final int MAX_LENGTH_DIGITS = 6;

    private StringListPacking() {
    }

    static void write(FieldValue.StringList list, ByteArrayOutputStream out) {
        for (String element : list.elements()) {
            byte[] bytes = element.getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            out.write(':');
            out.writeBytes(bytes);
            out.write(',');
        }
    }

    /**
     * The elements packed in {@code data[from, to)}, or null unless that is one or more non-empty elements
     * with plain decimal lengths and nothing else (heartbeat's reader fails on an empty list or element).
     */
    static List<String> read(byte[] data, int from, int to) {
        List<String> elements = new ArrayList<>();
        int pos = from;
        while (pos < to) {
            int digitsEnd = pos;
            while (digitsEnd < to && data[digitsEnd] >= '0' && data[digitsEnd] <= '9'
                    && digitsEnd - pos < MAX_LENGTH_DIGITS) {
                digitsEnd++;
            }
            int digits = digitsEnd - pos;
            if (digits == 0 || digitsEnd == to || data[digitsEnd] != ':' || data[pos] == '0') {
                return null;
            }
            int length = Integer.parseInt(new String(data, pos, digits, StandardCharsets.US_ASCII));
            int elementFrom = digitsEnd + 1;
            if (length >= to - elementFrom || data[elementFrom + length] != ',') {
                return null;
            }
            elements.add(new String(data, elementFrom, length, StandardCharsets.ISO_8859_1));
            pos = elementFrom + length + 1;
        }
        return elements.isEmpty() ? null : elements;
    }
}
