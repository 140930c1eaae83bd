package io.tandem.heartbeat.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the heartbeat datagrams of a capture in {@code fixtures/pcap/}: classic little-endian libpcap, one
 * Ethernet frame per record (no VLAN tags), IPv4 with its header length in IHL, UDP, then the payload.
 */
public final class CapturedPackets {

    /**
     * One datagram; {@code number} counts from 1, as {@code tcpdump -r} does; {@code capturedMicros} is the
     * capture's timestamp in microseconds since the epoch.
     */
    public record Packet(int number, InetSocketAddress sender, byte[] payload, long capturedMicros) {
    }

    private CapturedPackets() {
    }

    public static List<Packet> read(String fileName) {
        try (InputStream in = CapturedPackets.class.getResourceAsStream("/fixtures/pcap/" + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture fixtures/pcap/" + fileName);
            }
            ByteBuffer file = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            if (file.getInt(0) != 0xa1b2c3d4 || file.getInt(20) != 1) {
                throw new IllegalArgumentException(fileName + " is not a little-endian Ethernet pcap");
            }
            List<Packet> packets = new ArrayList<>();
            for (int record = 24; record < file.limit(); ) {
                int capturedLength = file.getInt(record + 8);
                int frame = record + 16;
                int ip = frame + 14;
                int udp = ip + (file.get(ip) & 0x0F) * 4;
                int udpLength = Short.toUnsignedInt(file.order(ByteOrder.BIG_ENDIAN).getShort(udp + 4));
                int sourcePort = Short.toUnsignedInt(file.getShort(udp));
                file.order(ByteOrder.LITTLE_ENDIAN);
                byte[] address = Arrays.copyOfRange(file.array(), ip + 12, ip + 16);
                byte[] payload = Arrays.copyOfRange(file.array(), udp + 8, udp + udpLength);
                packets.add(new Packet(packets.size() + 1,
                        new InetSocketAddress(InetAddress.getByAddress(address), sourcePort), payload,
                        Integer.toUnsignedLong(file.getInt(record)) * 1_000_000L
                                + Integer.toUnsignedLong(file.getInt(record + 4))));
                record = frame + capturedLength;
            }
            return packets;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
