package io.tandem.replicator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.event.BinlogPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the status document of format {@value StatusReport#FORMAT}. Written field by field
 * rather than by reflection, so a renamed Java field can never change the documented format: every
 * field the schema requires is present, null when unknown. Reading ignores fields it does not know
 * (later versions of the same format only add fields).
 */
public final class StatusJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {}

    public static String write(StatusReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", report.format());
        root.put("generatedAt", time(report.generatedAt()));
        root.put("mode", report.mode());
        root.put("replicator", report.replicator());
        ArrayNode channels = root.putArray("channels");
        report.channels().forEach(channel -> channels.add(channel(channel)));
        try {
            return MAPPER.writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the status document", e);
        }
    }

    /**
     * Reads a status document.
     *
     * @throws IllegalArgumentException when the text is not a {@value StatusReport#FORMAT} document
     */
    public static StatusReport read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
        if (root == null || !StatusReport.FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException("not a " + StatusReport.FORMAT + " document (format is "
                    + (root == null ? "missing" : root.path("format").asText("missing")) + ")");
        }
        List<StatusReport.Channel> channels = new ArrayList<>();
        for (JsonNode channel : root.path("channels")) {
            channels.add(readChannel(channel));
        }
        return new StatusReport(root.path("format").asText(), readTime(root.get("generatedAt")),
                root.path("mode").asText(), root.path("replicator").asText(), channels);
    }

    private static ObjectNode channel(StatusReport.Channel channel) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", channel.name());
        node.set("source", endpoint(channel.source()));
        node.set("target", endpoint(channel.target()));
        node.put("state", channel.state());
        node.put("caughtUp", channel.caughtUp());
        if (channel.lagSeconds() == null) {
            node.putNull("lagSeconds");
        } else {
            // Milliseconds are the precision of every clock involved; more digits would only be noise.
            node.put("lagSeconds", BigDecimal.valueOf(channel.lagSeconds()).setScale(3, RoundingMode.HALF_UP));
        }
        putNullable(node, "bytesBehind", channel.bytesBehind());
        node.set("readPosition", position(channel.readPosition()));
        node.set("sourceEnd", position(channel.sourceEnd()));
        node.put("sourceEndObservedAt", time(channel.sourceEndObservedAt()));
        node.set("executedPosition", position(channel.executedPosition()));
        if (channel.applied() == null) {
            node.putNull("applied");
        } else {
            ObjectNode applied = node.putObject("applied");
            applied.set("position", position(channel.applied().position()));
            applied.put("gtid", channel.applied().gtid());
            applied.put("sourceCommitTime", time(channel.applied().sourceCommitTime()));
        }
        ObjectNode counters = node.putObject("counters");
        StatusReport.Counters values = channel.counters();
        putNullable(counters, "transactions", values.transactions());
        putNullable(counters, "rows", values.rows());
        putNullable(counters, "statements", values.statements());
        putNullable(counters, "skipped", values.skipped());
        putNullable(counters, "reconnects", values.reconnects());
        if (channel.error() == null) {
            node.putNull("error");
        } else {
            ObjectNode error = node.putObject("error");
            error.put("message", channel.error().message());
            error.put("at", time(channel.error().at()));
            error.set("position", position(channel.error().position()));
            error.put("gtid", channel.error().gtid());
            error.put("retrying", channel.error().retrying());
        }
        return node;
    }

    private static StatusReport.Channel readChannel(JsonNode node) {
        JsonNode applied = node.get("applied");
        JsonNode counters = node.path("counters");
        JsonNode error = node.get("error");
        return new StatusReport.Channel(node.path("name").asText(), readEndpoint(node.get("source")),
                readEndpoint(node.get("target")), node.path("state").asText(), node.path("caughtUp").asBoolean(),
                isNull(node.get("lagSeconds")) ? null : node.get("lagSeconds").asDouble(),
                readLong(node.get("bytesBehind")), readPosition(node.get("readPosition")),
                readPosition(node.get("sourceEnd")), readTime(node.get("sourceEndObservedAt")),
                readPosition(node.get("executedPosition")),
                isNull(applied) ? null : new StatusReport.Applied(readPosition(applied.get("position")),
                        readText(applied.get("gtid")), readTime(applied.get("sourceCommitTime"))),
                new StatusReport.Counters(readLong(counters.get("transactions")), readLong(counters.get("rows")),
                        readLong(counters.get("statements")), readLong(counters.get("skipped")),
                        readLong(counters.get("reconnects"))),
                isNull(error) ? null : new StatusReport.Error(error.path("message").asText(),
                        readTime(error.get("at")), readPosition(error.get("position")), readText(error.get("gtid")),
                        error.path("retrying").asBoolean()));
    }

    private static ObjectNode endpoint(StatusReport.Endpoint endpoint) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("server", endpoint.server());
        node.put("host", endpoint.host());
        node.put("port", endpoint.port());
        return node;
    }

    private static StatusReport.Endpoint readEndpoint(JsonNode node) {
        return isNull(node) ? null : new StatusReport.Endpoint(node.path("server").asText(),
                node.path("host").asText(), node.path("port").asInt());
    }

    private static JsonNode position(BinlogPosition position) {
        if (position == null) {
            return MAPPER.nullNode();
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("file", position.file());
        node.put("position", position.position());
        return node;
    }

    private static BinlogPosition readPosition(JsonNode node) {
        return isNull(node) ? null : new BinlogPosition(node.path("file").asText(), node.path("position").asLong());
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static Instant readTime(JsonNode node) {
        if (isNull(node)) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + node.asText(), e);
        }
    }

    private static void putNullable(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static Long readLong(JsonNode node) {
        return isNull(node) ? null : node.asLong();
    }

    private static String readText(JsonNode node) {
        return isNull(node) ? null : node.asText();
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
