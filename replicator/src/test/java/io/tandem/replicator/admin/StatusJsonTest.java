package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.Gtid;
import io.tandem.replicator.pipeline.ChannelError;
import io.tandem.replicator.pipeline.ChannelState;
import io.tandem.replicator.pipeline.ChannelStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The status document as StatusJson writes it, checked against its published schema, and read back. */
class StatusJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123456789Z");

    private static ReplicatorConfig config() throws Exception {
        return ReplicatorConfig.builder()
                .set("name", "felix-pair")
                .server("db1", s -> s.set("host", "10.10.10.20").set("user", "tandem"))
                .server("db2", s -> s.set("host", "10.10.10.21").set("port", 3307).set("user", "tandem"))
                .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2"))
                .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1"))
                .build();
    }

    @Test
    void aRunningChannelsDocumentConformsToTheSchema() throws Exception {
        String json = StatusJson.write(StatusReports.online(config(), List.of(running(UnaryOperator.identity())), NOW));

        assertThat(StatusSchema.violations(json)).isEmpty();
        assertThat(json).contains("\"state\" : \"running\"").contains("\"lagSeconds\" : 1.250");
    }

    @Test
    void aFailedChannelsDocumentWithNullsConformsToTheSchema() throws Exception {
        String json = StatusJson.write(StatusReports.online(config(), List.of(failed(UnaryOperator.identity())), NOW));

        assertThat(StatusSchema.violations(json)).isEmpty();
        assertThat(json).contains("\"lagSeconds\" : null").contains("\"applied\" : null")
                .contains("\"retrying\" : false");
    }

    @Test
    void anOfflineDocumentWithUnknownCountersConformsToTheSchema() {
        String json = StatusJson.write(offline());

        assertThat(StatusSchema.violations(json)).isEmpty();
        assertThat(json).contains("\"mode\" : \"offline\"").contains("\"transactions\" : null");
    }

    @Test
    void theSchemaRejectsAChannelWithoutARequiredField() throws Exception {
        ObjectNode document = onlineDocument();
        ((ObjectNode) document.path("channels").get(0)).remove("caughtUp");

        assertThat(StatusSchema.violations(document.toString())).singleElement().asString().contains("caughtUp");
    }

    @Test
    void theSchemaRejectsAStateOutsideTheDocumentedSet() throws Exception {
        ObjectNode document = onlineDocument();
        ((ObjectNode) document.path("channels").get(0)).put("state", "RUNNING");

        assertThat(StatusSchema.violations(document.toString())).singleElement().asString().contains("state");
    }

    @Test
    void theSchemaRejectsATimeThatIsNotRfc3339() throws Exception {
        ObjectNode document = onlineDocument();
        document.put("generatedAt", "2026-11-23 10:15:30");

        assertThat(StatusSchema.violations(document.toString())).singleElement().asString().contains("generatedAt");
    }

    @Test
    void readsBackWhatItWroteUpToMilliseconds() throws Exception {
        UnaryOperator<Instant> exact = UnaryOperator.identity();
        UnaryOperator<Instant> millis = time -> time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
        StatusReport written = StatusReports.online(config(), List.of(running(exact), failed(exact)), NOW);
        StatusReport expected = StatusReports.online(config(), List.of(running(millis), failed(millis)),
                millis.apply(NOW));

        assertThat(StatusJson.read(StatusJson.write(written))).isEqualTo(expected);
        assertThat(StatusJson.read(StatusJson.write(offline()))).isEqualTo(offline());
    }

    private static ObjectNode onlineDocument() throws Exception {
        String json = StatusJson.write(StatusReports.online(config(), List.of(running(UnaryOperator.identity())), NOW));
        assertThat(StatusSchema.violations(json)).as("the unchanged document conforms").isEmpty();
        return (ObjectNode) MAPPER.readTree(json);
    }

    private static ChannelStatus running(UnaryOperator<Instant> time) {
        BinlogPosition passed = new BinlogPosition("mysql-bin.000042", 91234);
        return new ChannelStatus("db1-to-db2", ChannelState.RUNNING, time.apply(NOW), passed.withPosition(91876),
                passed.withPosition(93282), time.apply(NOW.minusMillis(400)), passed, passed, new Gtid(1, 1, 5531),
                time.apply(NOW.minusMillis(1250)), Duration.ofMillis(1250), 2048L, 42, 420, 3, 1, 2, null);
    }

    private static ChannelStatus failed(UnaryOperator<Instant> time) {
        return new ChannelStatus("db2-to-db1", ChannelState.ERROR, time.apply(NOW), null, null, null, null, null,
                null, null, null, null, 0, 0, 0, 0, 0, new ChannelError("Cannot connect to 10.10.10.21:3307:"
                        + " Connection refused", time.apply(NOW.minusSeconds(5)), null, null, false));
    }

    private static StatusReport offline() {
        BinlogPosition checkpoint = new BinlogPosition("mysql-bin.000042", 91234);
        return new StatusReport(StatusReport.FORMAT, Instant.parse("2026-11-23T10:15:30Z"), StatusReport.OFFLINE,
                "felix-pair", List.of(new StatusReport.Channel("db1-to-db2",
                        new StatusReport.Endpoint("db1", "10.10.10.20", 3306),
                        new StatusReport.Endpoint("db2", "10.10.10.21", 3307), "unknown", false, null, 96L, null,
                        checkpoint.withPosition(91330), Instant.parse("2026-11-23T10:15:29.5Z"), checkpoint,
                        new StatusReport.Applied(checkpoint, "1-1-5531", null),
                        new StatusReport.Counters(null, null, null, null, null), null)));
    }
}
