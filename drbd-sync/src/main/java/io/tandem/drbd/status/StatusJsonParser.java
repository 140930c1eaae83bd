package io.tandem.drbd.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads {@code drbdsetup status --json} / {@code drbdadm status --json} (drbd-utils 9.x): a JSON array of resources,
 * each with {@code devices} and {@code connections}, each connection with {@code peer_devices} (an underscore, unlike
 * every other key). Keys this code does not use are ignored; counters and sync details come and go with the kernel's
 * statistics and the resync.
 *
 * <p>Problems with the document's shape are reported with {@code lineNumber} 0 and the JSON pointer of the offending
 * value in place of the line text; syntax errors (such as truncated output) carry Jackson's line number.
 */
public final class StatusJsonParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJsonParser() {}

    public static ParseOutcome<List<ResourceStatus>> parse(String text) {
        if (text.isBlank()) {
            return ParseOutcome.unknownFormat(0, "", "empty input: drbdsetup status --json prints an array");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            List<String> lines = KeyValueTokens.lines(text);
            String lineText = line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
            return ParseOutcome.unknownFormat(Math.max(line, 0), lineText, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            return ParseOutcome.unknownFormat(0, "/", "expected a JSON array of resources");
        }
        List<ResourceStatus> resources = new ArrayList<>();
        for (int index = 0; index < root.size(); index++) {
            String pointer = "/" + index;
            JsonNode resource = root.get(index);
            Optional<String> name = text(resource, "name");
            Optional<String> role = text(resource, "role");
            if (name.isEmpty() || role.isEmpty()) {
                return ParseOutcome.unknownFormat(0, pointer, "a resource needs \"name\" and \"role\" strings");
            }
            List<VolumeStatus> volumes = new ArrayList<>();
            JsonNode devices = resource.path("devices");
            for (int d = 0; d < devices.size(); d++) {
                JsonNode device = devices.get(d);
                OptionalInt volume = integer(device, "volume");
                Optional<String> disk = text(device, "disk-state");
                if (volume.isEmpty() || disk.isEmpty()) {
                    return ParseOutcome.unknownFormat(
                            0, pointer + "/devices/" + d, "a device needs \"volume\" and \"disk-state\"");
                }
                volumes.add(new VolumeStatus(volume.getAsInt(), integer(device, "minor"), DiskState.fromWord(disk.get())));
            }
            List<PeerStatus> peers = new ArrayList<>();
            JsonNode connections = resource.path("connections");
            for (int c = 0; c < connections.size(); c++) {
                String connectionPointer = pointer + "/connections/" + c;
                JsonNode connection = connections.get(c);
                Optional<String> state = text(connection, "connection-state");
                if (state.isEmpty()) {
                    return ParseOutcome.unknownFormat(0, connectionPointer, "a connection needs \"connection-state\"");
                }
                List<PeerVolumeStatus> peerVolumes = new ArrayList<>();
                JsonNode peerDevices = connection.path("peer_devices");
                for (int p = 0; p < peerDevices.size(); p++) {
                    JsonNode peerDevice = peerDevices.get(p);
                    OptionalInt volume = integer(peerDevice, "volume");
                    Optional<String> replication = text(peerDevice, "replication-state");
                    Optional<String> peerDisk = text(peerDevice, "peer-disk-state");
                    if (volume.isEmpty() || replication.isEmpty() || peerDisk.isEmpty()) {
                        return ParseOutcome.unknownFormat(
                                0,
                                connectionPointer + "/peer_devices/" + p,
                                "a peer device needs \"volume\", \"replication-state\" and \"peer-disk-state\"");
                    }
                    peerVolumes.add(new PeerVolumeStatus(
                            volume.getAsInt(),
                            ReplicationState.fromWord(replication.get()),
                            DiskState.fromWord(peerDisk.get()),
                            progressOf(peerDevice),
                            kib(peerDevice, "out-of-sync")));
                }
                peers.add(new PeerStatus(
                        text(connection, "name"),
                        integer(connection, "peer-node-id"),
                        ConnectionState.fromWord(state.get()),
                        Role.fromWord(text(connection, "peer-role").orElse("Unknown")),
                        peerVolumes));
            }
            Optional<Boolean> suspended = resource.path("suspended").isBoolean()
                    ? Optional.of(resource.get("suspended").booleanValue())
                    : Optional.empty();
            resources.add(new ResourceStatus(name.get(), Role.fromWord(role.get()), suspended, volumes, peers));
        }
        return new ParseOutcome.Parsed<>(List.copyOf(resources));
    }

    private static Optional<ResyncProgress> progressOf(JsonNode peerDevice) {
        JsonNode percent = peerDevice.path("percent-resync-done");
        if (!percent.isNumber() || !ResyncProgress.isValidPercent(percent.doubleValue())) {
            return Optional.empty();
        }
        JsonNode seconds = peerDevice.path("estimated-seconds-to-finish");
        Optional<Duration> eta = seconds.isIntegralNumber() && seconds.longValue() >= 0
                ? Optional.of(Duration.ofSeconds(seconds.longValue()))
                : Optional.empty();
        // The current rate is only given in MiB/s, under a key with a space in it.
        JsonNode mibPerSecond = peerDevice.path("db/dt [MiB/s]");
        OptionalLong speed = mibPerSecond.isNumber() && mibPerSecond.doubleValue() >= 0
                ? OptionalLong.of(Math.round(mibPerSecond.doubleValue() * 1024))
                : OptionalLong.empty();
        return Optional.of(new ResyncProgress(percent.doubleValue(), eta, speed, false));
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private static OptionalInt integer(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isInt() ? OptionalInt.of(value.intValue()) : OptionalInt.empty();
    }

    private static OptionalLong kib(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.canConvertToLong() && value.isIntegralNumber() && value.longValue() >= 0
                ? OptionalLong.of(value.longValue())
                : OptionalLong.empty();
    }
}
