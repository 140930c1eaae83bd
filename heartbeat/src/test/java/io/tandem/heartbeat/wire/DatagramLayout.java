package io.tandem.heartbeat.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts of a well-formed netstring datagram lie, found by a naive scan that trusts its input:
 * tests use it to aim mutations at one part of a captured packet.
 */
record DatagramLayout(List<FieldSpan> fields, int signedEnd, int trailerLengthFrom, int trailerPayloadFrom, int end) {

    /**
     * One field: {@code lengthFrom} its first length digit, {@code colon}, {@code nameFrom} (after the
     * {@code (t)} prefix), {@code valueFrom} (after {@code =}) and {@code comma}.
     */
    record FieldSpan(int lengthFrom, int colon, int nameFrom, int valueFrom, int comma) {
    }

    static DatagramLayout of(byte[] datagram) {
        List<FieldSpan> fields = new ArrayList<>();
        int pos = 4;
        while (datagram[pos] != '%') {
            int colon = indexOf(datagram, (byte) ':', pos);
            int length = Integer.parseInt(new String(datagram, pos, colon - pos));
            int nameFrom = colon + 4;
            int valueFrom = indexOf(datagram, (byte) '=', nameFrom) + 1;
            int comma = colon + 1 + length;
            fields.add(new FieldSpan(pos, colon, nameFrom, valueFrom, comma));
            pos = comma + 1;
        }
        int signedEnd = pos + 4;
        int trailerColon = indexOf(datagram, (byte) ':', signedEnd);
        return new DatagramLayout(List.copyOf(fields), signedEnd, signedEnd, trailerColon + 1, datagram.length);
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (char) b + " after " + from);
    }
}
