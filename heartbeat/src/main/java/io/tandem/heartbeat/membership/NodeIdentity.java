package io.tandem.heartbeat.membership;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.UUID;

/**
 * What a node is to its peers across restarts: its UUID (stable for ever) and its generation (strictly greater
 * at every start). A 3.0.6 peer drops every packet of a node that restarts with an old generation as a replay,
 * then declares it dead and treats its return as a healed partition, giving up its own resources; so the new
 * generation is fsynced before the first packet goes out.
 *
 * @param uuid the node's UUID, sent as {@code srcuuid}
 * @param generation this run's generation, sent as {@code hg}
 */
public record NodeIdentity(UUID uuid, long generation) {

    static final String UUID_FILE = "hb_uuid";
    static final String GENERATION_FILE = "hb_generation";

    /**
     * Reads the identity kept in {@code stateDirectory} (tandem's own files, named as heartbeat names its: 16 raw
     * bytes in hb_uuid, the generation as decimal text in hb_generation), creating what is missing, and stores the
     * next generation: the larger of the stored one plus one and the epoch seconds, as heartbeat starts from
     * {@code time()+1} without a file.
     */
    public static NodeIdentity startRun(Path stateDirectory, InstantSource clock) throws IOException {
        Files.createDirectories(stateDirectory);
        UUID uuid = readOrCreateUuid(stateDirectory.resolve(UUID_FILE));
        Path generationFile = stateDirectory.resolve(GENERATION_FILE);
        long stored = 0;
        if (Files.exists(generationFile)) {
            String text = Files.readString(generationFile, StandardCharsets.US_ASCII).trim();
            try {
                stored = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(generationFile + " holds '" + text + "', not a generation number; remove it"
                        + " only if no peer has seen this node since (a lower generation is dropped as a replay)");
            }
        }
        long next = Math.max(stored + 1, clock.instant().getEpochSecond());
        writeDurably(generationFile, (next + "\n").getBytes(StandardCharsets.US_ASCII));
        return new NodeIdentity(uuid, next);
    }

    /** The generation as heartbeat writes it in {@code hg}: lower-case hex. */
    public String generationHex() {
        return Long.toHexString(generation);
    }

    /** The UUID's 16 bytes, big-endian, as {@code srcuuid} carries them. */
    public byte[] uuidBytes() {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }

    private static UUID readOrCreateUuid(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != 16) {
                throw new IOException(file + " holds " + bytes.length + " bytes, not a 16-byte UUID ("
                        + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32)) + ")");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        random[6] = (byte) ((random[6] & 0x0f) | 0x40);
        random[8] = (byte) ((random[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(random);
        UUID uuid = new UUID(buffer.getLong(), buffer.getLong());
        writeDurably(file, random);
        return uuid;
    }

    /** Writes through a temporary file, fsyncs it and renames it, so a crash leaves the old or the new value. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is still atomic.
        }
    }
}
