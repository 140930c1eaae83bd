package io.tandem.drbd.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * The current state of every resource, kept up to date by applying {@code drbdsetup events2} lines in order.
 *
 * <p>{@code exists} and {@code create} replace an object's fields; {@code change} merges into them, because a change
 * line without {@code --full} may carry only the keys that changed; {@code destroy} forgets the object (and, for a
 * resource, everything under it). Calls of the {@code split-brain} handler are remembered: it is DRBD's own verdict
 * that a split brain was detected and left unresolved.
 *
 * <p>After a gap in the stream (the events2 process restarted) the state may be stale: start a new instance and feed
 * it {@code events2 --now}. Not thread-safe; owned by the thread reading the stream.
 */
public final class Events2State {

    /**
     * A {@code call helper … helper:split-brain} line.
     *
     * @param peer the conn-name (or {@code #}node-id) the split brain was detected with
     */
    public record SplitBrainHandlerCall(String resource, String peer, Optional<String> timestamp) {}

    private final Map<String, ResourceFields> resources = new LinkedHashMap<>();
    private final List<SplitBrainHandlerCall> splitBrainCalls = new ArrayList<>();
    private boolean initialStateComplete;

    /** Parses and applies one line; an unparsable line changes nothing and is returned as the report. */
    public ParseOutcome<Events2Line> apply(String line, int lineNumber) {
        ParseOutcome<Events2Line> outcome = Events2LineParser.parse(line, lineNumber);
        if (outcome instanceof ParseOutcome.Parsed<Events2Line>(Events2Line parsed)) {
            apply(parsed);
        }
        return outcome;
    }

    public void apply(Events2Line line) {
        switch (line) {
            case Events2Line.InitialStateComplete complete -> initialStateComplete = true;
            case Events2Line.ObjectEvent event -> applyEvent(event);
        }
    }

    private void applyEvent(Events2Line.ObjectEvent event) {
        String name = event.resourceName();
        if (event.object() == Events2Line.ObjectType.HELPER) {
            if (event.action() == Events2Line.Action.CALL && "split-brain".equals(event.fields().get("helper"))) {
                splitBrainCalls.add(new SplitBrainHandlerCall(name, peerKey(event.fields()), event.timestamp()));
            }
            return;
        }
        if (event.action() == Events2Line.Action.CALL || event.action() == Events2Line.Action.RESPONSE) {
            return;
        }
        if (event.object() == Events2Line.ObjectType.RESOURCE && event.action() == Events2Line.Action.DESTROY) {
            resources.remove(name);
            return;
        }
        ResourceFields resource = resources.computeIfAbsent(name, ResourceFields::new);
        Map<String, SequencedMap<String, String>> table = switch (event.object()) {
            case RESOURCE -> resource.self;
            case DEVICE -> resource.devices;
            case CONNECTION -> resource.connections;
            case PEER_DEVICE -> resource.peerDevices;
            // Paths say which addresses are in use; the status model does not carry them.
            case PATH, HELPER -> null;
        };
        if (table == null) {
            return;
        }
        String key = switch (event.object()) {
            case RESOURCE -> "";
            case DEVICE -> event.fields().get("volume");
            case CONNECTION -> peerKey(event.fields());
            case PEER_DEVICE -> peerKey(event.fields()) + "\u0000" + event.fields().get("volume");
            case PATH, HELPER -> "";
        };
        switch (event.action()) {
            case EXISTS, CREATE -> table.put(key, new LinkedHashMap<>(event.fields()));
            case CHANGE -> table.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(event.fields());
            case DESTROY -> {
                table.remove(key);
                if (event.object() == Events2Line.ObjectType.CONNECTION) {
                    resource.peerDevices.keySet().removeIf(k -> k.startsWith(key + "\u0000"));
                }
            }
            case CALL, RESPONSE -> {}
        }
    }

    private static String peerKey(Map<String, String> fields) {
        String connName = fields.get("conn-name");
        return connName != null ? connName : "#" + fields.getOrDefault("peer-node-id", "");
    }

    /** True once {@code exists -} was seen: before that the state is still being listed. */
    public boolean isInitialStateComplete() {
        return initialStateComplete;
    }

    public List<SplitBrainHandlerCall> splitBrainHandlerCalls() {
        return List.copyOf(splitBrainCalls);
    }

    public List<ResourceStatus> resources() {
        return resources.values().stream().map(ResourceFields::toStatus).toList();
    }

    public Optional<ResourceStatus> resource(String name) {
        return Optional.ofNullable(resources.get(name)).map(ResourceFields::toStatus);
    }

    private static final class ResourceFields {
        final String name;
        final Map<String, SequencedMap<String, String>> self = new LinkedHashMap<>();
        final Map<String, SequencedMap<String, String>> devices = new TreeMap<>();
        final Map<String, SequencedMap<String, String>> connections = new LinkedHashMap<>();
        final Map<String, SequencedMap<String, String>> peerDevices = new TreeMap<>();

        ResourceFields(String name) {
            this.name = name;
        }

        ResourceStatus toStatus() {
            Map<String, String> resource = self.getOrDefault("", new LinkedHashMap<>());
            List<VolumeStatus> volumes = devices.values().stream()
                    .map(device -> new VolumeStatus(
                            intOf(device.get("volume")).orElse(0),
                            intOf(device.get("minor")),
                            DiskState.fromWord(device.getOrDefault("disk", "DUnknown"))))
                    .toList();
            List<PeerStatus> peers = new ArrayList<>();
            for (var connection : connections.entrySet()) {
                Map<String, String> fields = connection.getValue();
                Reported<ConnectionState> state =
                        ConnectionState.fromWord(fields.getOrDefault("connection", "Unconnected"));
                List<PeerVolumeStatus> peerVolumes = peerDevices.entrySet().stream()
                        .filter(entry -> entry.getKey().startsWith(connection.getKey() + "\u0000"))
                        .map(entry -> peerVolume(entry.getValue()))
                        .toList();
                peers.add(new PeerStatus(
                        Optional.ofNullable(fields.get("conn-name")),
                        intOf(fields.get("peer-node-id")),
                        state,
                        Role.fromWord(fields.getOrDefault("role", "Unknown")),
                        peerVolumes));
            }
            Optional<Boolean> suspended =
                    Optional.ofNullable(resource.get("suspended")).map(value -> !value.equals("no"));
            return new ResourceStatus(
                    name, Role.fromWord(resource.getOrDefault("role", "Unknown")), suspended, volumes, peers);
        }

        private static PeerVolumeStatus peerVolume(Map<String, String> fields) {
            Reported<ReplicationState> replication =
                    ReplicationState.fromWord(fields.getOrDefault("replication", "Off"));
            return new PeerVolumeStatus(
                    intOf(fields.get("volume")).orElse(0),
                    replication,
                    DiskState.fromWord(fields.getOrDefault("peer-disk", "DUnknown")),
                    progressOf(fields, replication.state()),
                    KeyValueTokens.integer(fields.getOrDefault("out-of-sync", "")));
        }

        private static Optional<ResyncProgress> progressOf(Map<String, String> fields, ReplicationState replication) {
            // done: lingers in the merged fields after a resync ends; it only means something while one runs.
            boolean running = replication.isResyncing()
                    || replication == ReplicationState.VERIFY_S
                    || replication == ReplicationState.VERIFY_T;
            OptionalDouble done = KeyValueTokens.decimal(fields.getOrDefault("done", ""));
            if (!running || done.isEmpty() || !ResyncProgress.isValidPercent(done.getAsDouble())) {
                return Optional.empty();
            }
            OptionalLong etaSeconds = KeyValueTokens.integer(fields.getOrDefault("eta", ""));
            // dbdt1 is the recent resync rate in MiB/s.
            OptionalDouble mibPerSecond = KeyValueTokens.decimal(fields.getOrDefault("dbdt1", ""));
            return Optional.of(new ResyncProgress(
                    done.getAsDouble(),
                    etaSeconds.isPresent() ? Optional.of(Duration.ofSeconds(etaSeconds.getAsLong())) : Optional.empty(),
                    mibPerSecond.isPresent()
                            ? OptionalLong.of(Math.round(mibPerSecond.getAsDouble() * 1024))
                            : OptionalLong.empty(),
                    false));
        }

        private static OptionalInt intOf(String text) {
            OptionalLong value = KeyValueTokens.integer(text == null ? "" : text);
            return value.isPresent() && value.getAsLong() <= Integer.MAX_VALUE
                    ? OptionalInt.of((int) value.getAsLong())
                    : OptionalInt.empty();
        }
    }
}
