package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.heartbeat.HeartbeatStatus;
import io.tandem.heartbeat.membership.Membership;
import io.tandem.heartbeat.wire.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * The running daemon's status, written to {@code status.json} in its state directory every second and read by
 * {@code tandem heartbeat status}: a file, so that the status command needs no socket and works as any user who
 * can read the state directory.
 */
final class HeartbeatStatusFile {

    static final String FORMAT = "tandem-heartbeat-status-v1";
    static final String FILE_NAME = "status.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HeartbeatStatusFile() {}

    static ObjectNode toJson(HeartbeatStatus status, Instant writtenAt) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("written_at", writtenAt.toString());
        Membership.View membership = status.membership();
        if (membership != null) {
            ObjectNode local = root.putObject("local");
            local.put("node", membership.localNode());
            local.put("status", membership.localStatus().wire());
            local.put("generation", Long.toHexString(membership.generation()));
            local.put("last_sent_seq", membership.lastSentSeq());
            local.put("communication_up", membership.communicationUp());
            ObjectNode retransmission = local.putObject("retransmission");
            retransmission.put("requested", membership.retransmission().requested());
            retransmission.put("recovered", membership.retransmission().recovered());
            retransmission.put("resent", membership.retransmission().resent());
            ArrayNode peers = root.putArray("peers");
            for (Membership.PeerView peer : membership.peers()) {
                ObjectNode node = peers.addObject();
                node.put("node", peer.name());
                node.put("status", peer.status().wire());
                node.put("generation", Long.toHexString(peer.generation()));
                node.put("last_seq", peer.lastSeq());
                node.put("seconds_since_last_status", peer.sinceLastStatus().toMillis() / 1000.0);
                node.put("deadtime_seconds", peer.deadtime().toMillis() / 1000.0);
                node.put("missing_messages", peer.missing());
            }
        }
        ArrayNode links = root.putArray("links");
        for (io.tandem.heartbeat.HeartbeatDaemon.LinkView link : status.links()) {
            ObjectNode node = links.addObject();
            node.put("interface", link.device());
            node.put("destination", link.destination());
            node.put("status", link.up() ? "up" : "dead");
            node.put("seconds_since_last_heard", link.sinceLastHeard().toMillis() / 1000.0);
        }
        ObjectNode resources = root.putObject("resources");
        resources.put("state", status.takeoverState());
        ArrayNode held = resources.putArray("held_groups");
        status.heldGroups().forEach(held::add);
        resources.put("last_note", status.takeoverNote());
        ObjectNode rejected = root.putObject("rejected_datagrams");
        for (Map.Entry<RejectReason, Long> entry : status.rejected().entrySet()) {
            if (entry.getValue() > 0) {
                rejected.put(entry.getKey().name().toLowerCase(java.util.Locale.ROOT), entry.getValue());
            }
        }
        ObjectNode dropped = root.putObject("dropped_messages");
        status.dropped().forEach((kind, count) -> {
            if (count > 0) {
                dropped.put(kind.name().toLowerCase(java.util.Locale.ROOT), count);
            }
        });
        return root;
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a document. */
    static void write(Path stateDirectory, HeartbeatStatus status, Instant now) throws IOException {
        write(stateDirectory, status, now, java.util.Optional.empty());
    }

    /** {@link #write}, with the {@code drbd} section when the daemon watches DRBD. */
    static void write(Path stateDirectory, HeartbeatStatus status, Instant now, java.util.Optional<ObjectNode> drbd)
            throws IOException {
        Path target = stateDirectory.resolve(FILE_NAME);
        Path temporary = stateDirectory.resolve(FILE_NAME + ".new");
        ObjectNode document = toJson(status, now);
        drbd.ifPresent(section -> document.set("drbd", section));
        Files.writeString(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The last status written; NoSuchFileException when no daemon ever wrote one there. */
    static JsonNode read(Path stateDirectory) throws IOException {
        return MAPPER.readTree(Files.readString(stateDirectory.resolve(FILE_NAME)));
    }
}
