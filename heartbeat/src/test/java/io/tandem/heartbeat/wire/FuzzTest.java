package io.tandem.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated datagrams from a fixed seed: decoding must never throw, and must accept only what
 * carries a valid sha1 signature, which for these inputs means an unchanged captured message (give or take
 * a trailing NUL, or for classic a blank line, neither of which is signed content).
 */
class FuzzTest {

    private static final long SEED = 0x686235L;
    private static final int DATAGRAMS = 20_000;

    @Test
    void neverThrowsAndAcceptsNothingButGenuineMessages() {
        Random random = new Random(SEED);
        DatagramDecoder decoder = new DatagramDecoder(Keys.SHA1_S3CRET);
        List<byte[]> netstrings = CapturedPackets.read("hb-sha1.pcap").stream().map(CapturedPackets.Packet::payload).toList();
        List<byte[]> classics = new ArrayList<>();
        Set<Message> genuineMessages = new HashSet<>();
        Set<ByteBuffer> genuineNetstrings = new HashSet<>();
        for (byte[] payload : netstrings) {
            Message message = ((DecodeResult.Accepted) decoder.decode(payload)).message();
            genuineMessages.add(message);
            genuineNetstrings.add(ByteBuffer.wrap(payload));
            classics.add(ClassicCodecTest.classicDatagram(message));
        }
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int accepted = 0;

        for (int i = 0; i < DATAGRAMS; i++) {
            byte[] datagram = fuzzed(random, random.nextInt(4) == 0 ? classics : netstrings);
            DecodeResult result;
            try {
                result = decoder.decode(datagram);
            } catch (RuntimeException e) {
                throw new AssertionError("datagram " + i + " (seed " + SEED + ") threw: "
                        + HexFormat.of().formatHex(datagram), e);
            }
            switch (result) {
                case DecodeResult.Rejected rejected -> reasons.merge(rejected.reason(), 1, Integer::sum);
                case DecodeResult.Accepted genuine -> {
                    accepted++;
                    if (!genuineMessages.contains(genuine.message())) {
                        fail("datagram " + i + " was accepted with content no node sent: " + genuine.message());
                    }
                    if (genuine.format() == WireFormat.NETSTRING) {
                        int length = datagram[datagram.length - 1] == 0 ? datagram.length - 1 : datagram.length;
                        assertThat(genuineNetstrings).as("datagram %d", i)
                                .contains(ByteBuffer.wrap(Arrays.copyOf(datagram, length)));
                    }
                }
            }
        }

        assertThat(accepted).as("unchanged messages among the fuzz").isPositive();
        assertThat(reasons.keySet()).as("kinds of rejection the fuzz reached").hasSizeGreaterThanOrEqualTo(12);
    }

    private static byte[] fuzzed(Random random, List<byte[]> originals) {
        byte[] original = originals.get(random.nextInt(originals.size()));
        return switch (random.nextInt(12)) {
            case 0 -> randomBytes(random, random.nextInt(600));
            case 1 -> concat(original, 0, 4, randomBytes(random, random.nextInt(400)));
            case 2 -> plausibleNetstring(random);
            case 3 -> flipBytes(random, original, 1 + random.nextInt(4));
            case 4 -> Arrays.copyOf(original, random.nextInt(original.length + 1));
            case 5 -> insert(random, original, randomBytes(random, 1 + random.nextInt(8)));
            case 6 -> delete(random, original);
            case 7 -> {
                byte[] other = originals.get(random.nextInt(originals.size()));
                yield concat(original, 0, random.nextInt(original.length),
                        Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
            }
            case 8 -> replaceDigits(random, original);
            case 9 -> insert(random, original, new byte[] {(byte) "\n,:%#()=0".charAt(random.nextInt(9))});
            case 10 -> concat(original, 0, original.length, randomBytes(random, 1 + random.nextInt(3)));
            default -> random.nextBoolean() ? original : concat(original, 0, original.length, new byte[] {0});
        };
    }

    /** Fields with lengths that are right more often than not, random type digits, and a random trailer. */
    private static byte[] plausibleNetstring(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Latin1.bytes("###\n"));
        for (int field = random.nextInt(6); field > 0; field--) {
            String payload = "(" + random.nextInt(10) + ")" + (random.nextBoolean() ? "t" : "s") + "="
                    + (random.nextInt(5) == 0 ? "###\n5:(0)a=,%%%\n" : random.nextInt(3) == 0 ? "3:abc,1:d," : "value");
            int length = payload.length() + (random.nextInt(4) == 0 ? random.nextInt(5) - 2 : 0);
            out.writeBytes(Latin1.bytes(length + ":" + payload + ","));
        }
        out.writeBytes(Latin1.bytes("%%%\n"));
        String token = random.nextInt(10) + " " + HexFormat.of().formatHex(randomBytes(random, random.nextInt(22)));
        out.writeBytes(Latin1.bytes(token.length() + ":" + token + ","));
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] flipBytes(Random random, byte[] original, int count) {
        byte[] copy = original.clone();
        for (int i = 0; i < count; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    private static byte[] insert(Random random, byte[] original, byte[] inserted) {
        int at = random.nextInt(original.length + 1);
        byte[] head = concat(original, 0, at, inserted);
        return concat(head, 0, head.length, Arrays.copyOfRange(original, at, original.length));
    }

    private static byte[] delete(Random random, byte[] original) {
        int from = random.nextInt(original.length);
        int to = Math.min(original.length, from + 1 + random.nextInt(16));
        return concat(original, 0, from, Arrays.copyOfRange(original, to, original.length));
    }

    /** Replaces the digits at a random digit position with a random number, often a plausible length. */
    private static byte[] replaceDigits(Random random, byte[] original) {
        int at = random.nextInt(original.length);
        while (at < original.length && !(original[at] >= '0' && original[at] <= '9')) {
            at++;
        }
        int end = at;
        while (end < original.length && original[end] >= '0' && original[end] <= '9') {
            end++;
        }
        byte[] digits = Latin1.bytes(String.valueOf(random.nextInt(random.nextBoolean() ? 100 : 10_000_000)));
        return concat(concat(original, 0, at, digits), 0, at + digits.length, Arrays.copyOfRange(original, end, original.length));
    }

    private static byte[] concat(byte[] first, int from, int to, byte[] second) {
        byte[] result = Arrays.copyOfRange(first, from, to + second.length);
        System.arraycopy(second, 0, result, to - from, second.length);
        return result;
    }
}
