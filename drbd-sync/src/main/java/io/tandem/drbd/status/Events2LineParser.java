package io.tandem.drbd.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Parses one line of {@code drbdsetup events2} ({@code [TIMESTAMP ]ACTION OBJECT key:value …}). The caller owns the
 * stream and passes the line number, so a report points into it. Unknown keys are kept in the fields; an unknown
 * action or object is reported, not skipped: a monitor must not silently lose events of a kind it does not know.
 */
public final class Events2LineParser {

    private static final Map<String, Events2Line.ObjectType> OBJECTS = Map.of(
            "resource", Events2Line.ObjectType.RESOURCE,
            "device", Events2Line.ObjectType.DEVICE,
            "connection", Events2Line.ObjectType.CONNECTION,
            "peer-device", Events2Line.ObjectType.PEER_DEVICE,
            "path", Events2Line.ObjectType.PATH,
            "helper", Events2Line.ObjectType.HELPER);

    private Events2LineParser() {}

    public static ParseOutcome<Events2Line> parse(String line, int lineNumber) {
        List<String> words = List.of(line.trim().split("\\s+"));
        if (line.isBlank()) {
            return ParseOutcome.unknownFormat(lineNumber, line, "empty events2 line");
        }
        Optional<String> timestamp = Optional.empty();
        int next = 0;
        // --timestamps: 2024-05-01T10:00:00.123456+02:00
        if (words.getFirst().matches("\\d{4}-\\d{2}-\\d{2}T\\S+")) {
            timestamp = Optional.of(words.getFirst());
            next = 1;
        }
        if (words.size() <= next + 1) {
            return ParseOutcome.unknownFormat(lineNumber, line, "expected \"ACTION OBJECT key:value …\" (truncated?)");
        }
        Optional<Events2Line.Action> action = actionOf(words.get(next));
        if (action.isEmpty()) {
            return ParseOutcome.unknownFormat(lineNumber, line, "unknown events2 action \"" + words.get(next) + "\"");
        }
        String objectWord = words.get(next + 1);
        if (action.get() == Events2Line.Action.EXISTS && objectWord.equals("-") && words.size() == next + 2) {
            return new ParseOutcome.Parsed<>(new Events2Line.InitialStateComplete(timestamp));
        }
        Events2Line.ObjectType object = OBJECTS.get(objectWord);
        if (object == null) {
            return ParseOutcome.unknownFormat(lineNumber, line, "unknown events2 object \"" + objectWord + "\"");
        }
        SequencedMap<String, String> fields = new LinkedHashMap<>();
        for (String token : words.subList(next + 2, words.size())) {
            int colon = token.indexOf(':');
            if (colon <= 0) {
                return ParseOutcome.unknownFormat(lineNumber, line, "expected key:value, found \"" + token + "\"");
            }
            String value = token.substring(colon + 1);
            // --diff prints old->new; the state that holds now is the new one.
            int arrow = value.indexOf("->");
            fields.put(token.substring(0, colon), arrow >= 0 ? value.substring(arrow + 2) : value);
        }
        if (!fields.containsKey("name")) {
            return ParseOutcome.unknownFormat(lineNumber, line, "events2 " + objectWord + " line without name:");
        }
        boolean perPeer = object == Events2Line.ObjectType.CONNECTION || object == Events2Line.ObjectType.PEER_DEVICE;
        if (perPeer && !fields.containsKey("conn-name") && !fields.containsKey("peer-node-id")) {
            return ParseOutcome.unknownFormat(
                    lineNumber, line, "events2 " + objectWord + " line without conn-name: or peer-node-id:");
        }
        boolean perVolume = object == Events2Line.ObjectType.DEVICE || object == Events2Line.ObjectType.PEER_DEVICE;
        if (perVolume && KeyValueTokens.integer(fields.getOrDefault("volume", "")).isEmpty()) {
            return ParseOutcome.unknownFormat(lineNumber, line, "events2 " + objectWord + " line without volume:");
        }
        return new ParseOutcome.Parsed<>(new Events2Line.ObjectEvent(timestamp, action.get(), object, fields));
    }

    private static Optional<Events2Line.Action> actionOf(String word) {
        for (Events2Line.Action action : Events2Line.Action.values()) {
            if (action.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
