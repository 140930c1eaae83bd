package io.tandem.heartbeat.wire;

import java.util.Objects;

/**
 * The receive loop's entry point: picks the codec by the first four bytes, as heartbeat's
 * {@code wirefmt2msg} does ({@code ###\n} netstring, {@code >>>\n} classic, anything else dropped), and
 * returns an authenticated message or a rejection. Never throws on datagram content.
 *
 * <p>Immutable and thread-safe; build a new one when the keys are re-read.
 */
public final class DatagramDecoder {

    private final NetstringCodec netstring;
    private final ClassicCodec classic;

    public DatagramDecoder(AuthKeys keys) {
        this.netstring = new NetstringCodec(keys);
        this.classic = new ClassicCodec(keys);
    }

    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /** @throws IndexOutOfBoundsException if offset and length do not lie within {@code data} */
    public DecodeResult decode(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return NetstringCodec.startsWith(data, offset, offset + length, ClassicRendering.START)
                ? classic.decode(data, offset, length)
                : netstring.decode(data, offset, length);
    }
}
