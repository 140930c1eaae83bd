package io.tandem.drbd.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the text of {@code drbdadm status} / {@code drbdsetup status} (DRBD 9, and 8.4 with drbd-utils ≥ 8.9),
 * with or without {@code --verbose --statistics}.
 *
 * <p>Layout: {@code RES role:R …} at the left margin; under it local volume lines ({@code [volume:N] disk:D}), peer
 * lines ({@code PEER [connection:C] [role:R]}) and, under a peer, peer-volume lines ({@code [volume:N]
 * [replication:R] peer-disk:D [done:PP.PP]}); a blank line between resources. Lines of only {@code key:value} tokens
 * that carry none of those keys continue the line above them ({@code --statistics} wraps its counters this way).
 *
 * <p>The short form leaves out what is normal: {@code connection:} only when not Connected, {@code role:} only when
 * Connected, {@code replication:} only beyond Established, {@code volume:} for single-volume resources. The parser fills
 * in those documented defaults, with DRBD's own word.
 */
public final class DrbdadmStatusParser {

    private static final String NO_RESOURCES = "# No currently configured DRBD found.";

    private DrbdadmStatusParser() {}

    public static ParseOutcome<List<ResourceStatus>> parse(String text) {
        List<String> lines = KeyValueTokens.lines(text);
        if (lines.stream().allMatch(String::isBlank)) {
            return ParseOutcome.unknownFormat(0, "", "empty input: drbdadm status prints at least one line");
        }
        List<ResourceStatus> resources = new ArrayList<>();
        ResourceInProgress resource = null;
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            int lineNumber = index + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.trim().equals(NO_RESOURCES)) {
                continue;
            }
            KeyValueTokens tokens = KeyValueTokens.of(line);
            boolean indented = Character.isWhitespace(line.charAt(0));
            if (!indented) {
                if (resource != null) {
                    resources.add(resource.build());
                }
                if (tokens.bareWords().size() != 1 || !line.startsWith(tokens.bareWords().getFirst())) {
                    return ParseOutcome.unknownFormat(lineNumber, line, "expected a resource line \"NAME role:R …\"");
                }
                String role = tokens.pairs().get("role");
                if (role == null) {
                    return ParseOutcome.unknownFormat(
                            lineNumber, line, "resource line without role: (truncated, or not drbdadm status)");
                }
                resource = new ResourceInProgress(tokens.bareWords().getFirst(), role);
                resource.absorb(tokens.pairs());
                continue;
            }
            if (resource == null) {
                return ParseOutcome.unknownFormat(lineNumber, line, "indented line before any resource line");
            }
            Optional<String> problem = resource.accept(tokens);
            if (problem.isPresent()) {
                return ParseOutcome.unknownFormat(lineNumber, line, problem.get());
            }
        }
        if (resource != null) {
            resources.add(resource.build());
        }
        return new ParseOutcome.Parsed<>(List.copyOf(resources));
    }

    /** Optional volume number; a malformed one is a problem, an absent one means volume 0. */
    private static OptionalInt volumeOf(Map<String, String> pairs) {
        String volume = pairs.getOrDefault("volume", "0");
        OptionalLong number = KeyValueTokens.integer(volume);
        return number.isPresent() && number.getAsLong() <= Integer.MAX_VALUE
                ? OptionalInt.of((int) number.getAsLong())
                : OptionalInt.empty();
    }

    private static final class ResourceInProgress {
        final String name;
        final Reported<Role> role;
        Optional<Boolean> suspended = Optional.empty();
        final List<VolumeInProgress> volumes = new ArrayList<>();
        final List<PeerInProgress> peers = new ArrayList<>();
        /** The element a continuation line adds to. */
        Map<String, String> lastElement;

        ResourceInProgress(String name, String role) {
            this.name = name;
            this.role = Role.fromWord(role);
        }

        void absorb(Map<String, String> pairs) {
            if (pairs.containsKey("suspended")) {
                // "no", or the reasons: user, no-data, fencing, quorum.
                suspended = Optional.of(!pairs.get("suspended").equals("no"));
            }
            lastElement = new LinkedHashMap<>(pairs);
        }

        Optional<String> accept(KeyValueTokens tokens) {
            Map<String, String> pairs = tokens.pairs();
            if (tokens.bareWords().size() == 1) {
                PeerInProgress peer = new PeerInProgress(tokens.bareWords().getFirst(), pairs);
                peers.add(peer);
                lastElement = peer.fields;
                return Optional.empty();
            }
            if (!tokens.bareWords().isEmpty()) {
                return Optional.of("expected key:value tokens, or one peer name followed by them");
            }
            if (pairs.containsKey("peer-disk") || pairs.containsKey("replication")) {
                if (peers.isEmpty()) {
                    return Optional.of("peer volume line before any peer line");
                }
                if (volumeOf(pairs).isEmpty()) {
                    return Optional.of("volume: is not a number");
                }
                Map<String, String> fields = new LinkedHashMap<>(pairs);
                peers.getLast().volumes.add(fields);
                lastElement = fields;
                return Optional.empty();
            }
            if (pairs.containsKey("disk")) {
                if (!peers.isEmpty()) {
                    return Optional.of("local volume line after a peer line");
                }
                if (volumeOf(pairs).isEmpty()) {
                    return Optional.of("volume: is not a number");
                }
                VolumeInProgress volume = new VolumeInProgress(new LinkedHashMap<>(pairs));
                volumes.add(volume);
                lastElement = volume.fields;
                return Optional.empty();
            }
            // A continuation of the element above, such as wrapped --statistics counters.
            lastElement.putAll(pairs);
            return Optional.empty();
        }

        ResourceStatus build() {
            List<VolumeStatus> builtVolumes = volumes.stream().map(VolumeInProgress::build).toList();
            List<PeerStatus> builtPeers = peers.stream().map(PeerInProgress::build).toList();
            return new ResourceStatus(name, role, suspended, builtVolumes, builtPeers);
        }
    }

    private record VolumeInProgress(Map<String, String> fields) {
        VolumeStatus build() {
            OptionalLong minor = KeyValueTokens.integer(fields.getOrDefault("minor", ""));
            return new VolumeStatus(
                    volumeOf(fields).orElseThrow(),
                    minor.isPresent() && minor.getAsLong() <= Integer.MAX_VALUE
                            ? OptionalInt.of((int) minor.getAsLong())
                            : OptionalInt.empty(),
                    DiskState.fromWord(fields.get("disk")));
        }
    }

    private static final class PeerInProgress {
        final String name;
        final Map<String, String> fields;
        final List<Map<String, String>> volumes = new ArrayList<>();

        PeerInProgress(String name, Map<String, String> pairs) {
            this.name = name;
            this.fields = new LinkedHashMap<>(pairs);
        }

        PeerStatus build() {
            // Short form: connection: only when not Connected, role: only when Connected.
            Reported<ConnectionState> connection = ConnectionState.fromWord(fields.getOrDefault("connection", "Connected"));
            Reported<Role> role = Role.fromWord(fields.getOrDefault("role", "Unknown"));
            String normalReplication = connection.is(ConnectionState.CONNECTED) ? "Established" : "Off";
            List<PeerVolumeStatus> builtVolumes = volumes.stream()
                    .map(volume -> new PeerVolumeStatus(
                            volumeOf(volume).orElseThrow(),
                            ReplicationState.fromWord(volume.getOrDefault("replication", normalReplication)),
                            DiskState.fromWord(volume.getOrDefault("peer-disk", "DUnknown")),
                            progressOf(volume),
                            KeyValueTokens.integer(volume.getOrDefault("out-of-sync", ""))))
                    .toList();
            OptionalLong nodeId = KeyValueTokens.integer(fields.getOrDefault("node-id", ""));
            return new PeerStatus(
                    Optional.of(name),
                    nodeId.isPresent() && nodeId.getAsLong() <= Integer.MAX_VALUE
                            ? OptionalInt.of((int) nodeId.getAsLong())
                            : OptionalInt.empty(),
                    connection,
                    role,
                    builtVolumes);
        }

        private static Optional<ResyncProgress> progressOf(Map<String, String> volume) {
            OptionalDouble done = KeyValueTokens.decimal(volume.getOrDefault("done", ""));
            if (done.isEmpty() || !ResyncProgress.isValidPercent(done.getAsDouble())) {
                return Optional.empty();
            }
            return Optional.of(ResyncProgress.percentOnly(done.getAsDouble()));
        }
    }
}
