package io.tandem.replicator.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.replicator.Replicator;
import io.tandem.replicator.config.AdminConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.common.Secret;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.pipeline.ReplicationChannel;
import io.tandem.testkit.Await;
import io.tandem.testkit.MariaDbOptions;
import io.tandem.testkit.MariaDbServer;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint of a replicator running one channel between two real MariaDB servers, asked over real
 * HTTP on loopback, with a token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminServerIT {

    private static final String TOKEN = "4d1f0c9a7be2563810aa47c2e95d3f61";
    private static final String CHANNEL = "db1-to-db2";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static MariaDbServer db1;
    private static MariaDbServer db2;
    private static ReplicatorConfig config;
    private static ReplicatorMetrics metrics;
    private static Replicator replicator;
    private static AdminServer admin;
    private static final CapturedLog adminLog = new CapturedLog();

    @BeforeAll
    static void startReplicatorAndEndpoint() throws Exception {
        db1 = MariaDbServer.start("admin-db1", MariaDbOptions.master(1, 2));
        db2 = MariaDbServer.start("admin-db2", MariaDbOptions.master(2, 2));
        config = ReplicatorConfig.builder()
                .set("name", "admin-it")
                .set("admin-listen", "127.0.0.1:0")
                .set("admin-token", Secret.of(TOKEN))
                .server("db1", s -> s.set("host", db1.host()).set("port", db1.port()).set("user", "root"))
                .server("db2", s -> s.set("host", db2.host()).set("port", db2.port()).set("user", "root"))
                .channel(CHANNEL, c -> c.set("source", "db1").set("target", "db2").set("heartbeat-period", "500ms"))
                .build();
        metrics = new ReplicatorMetrics();
        replicator = Replicator.start(config, metrics::observerFor);
        metrics.bind(replicator);
        adminLog.attach();
        admin = AdminServer.start(config.admin(), replicator, metrics);
        await("the channel reports running over HTTP", () -> "running".equals(
                json(get("/v1/status?channel=" + CHANNEL, TOKEN).body()).at("/channels/0/state").asText()));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(admin);
        parts.add(replicator);
        parts.add(db2);
        parts.add(db1);
        for (AutoCloseable part : parts) {
            if (part != null) {
                part.close();
            }
        }
        adminLog.detach();
    }

    @Test
    void servesTheStatusDocumentOfEveryChannelConformingToItsSchema() throws Exception {
        HttpResponse<String> response = get("/v1/status", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(StatusSchema.violations(response.body())).isEmpty();
        StatusReport report = StatusJson.read(response.body());
        assertThat(report.mode()).isEqualTo(StatusReport.ONLINE);
        assertThat(report.replicator()).isEqualTo("admin-it");
        assertThat(report.channels()).singleElement().satisfies(channel -> {
            assertThat(channel.name()).isEqualTo(CHANNEL);
            assertThat(channel.state()).isEqualTo("running");
            assertThat(channel.source().port()).isEqualTo(db1.port());
            assertThat(channel.target().port()).isEqualTo(db2.port());
        });
        HttpResponse<String> one = get("/v1/status?channel=" + CHANNEL, TOKEN);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(StatusSchema.violations(one.body())).isEmpty();
        assertThat(StatusJson.read(one.body()).channels()).extracting(StatusReport.Channel::name)
                .containsExactly(CHANNEL);
    }

    @Test
    void answersAnUnknownChannelWith404ListingTheChannels() throws Exception {
        HttpResponse<String> status = get("/v1/status?channel=db9-to-db2", TOKEN);
        HttpResponse<String> sourceEnd = get("/v1/channels/db9-to-db2/source-end", TOKEN);

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(json(status.body())).isEqualTo(json(
                "{\"error\":\"unknown channel db9-to-db2\",\"channels\":[\"" + CHANNEL + "\"]}"));
        assertThat(sourceEnd.statusCode()).isEqualTo(404);
        assertThat(json(sourceEnd.body())).isEqualTo(json(status.body()));
    }

    @Test
    void countsAppliedTransactionsAndTheirApplyTimesInMetrics() throws Exception {
        db1.execute("CREATE DATABASE IF NOT EXISTS felix", "CREATE TABLE felix.notes (id INT PRIMARY KEY, note VARCHAR(40))");
        awaitCaughtUp();
        MetricsText before = scrape();
        double transactionsBefore = before.value("tandem_channel_transactions_applied_total", CHANNEL).orElseThrow();
        double rowsBefore = before.value("tandem_channel_rows_applied_total", CHANNEL).orElseThrow();
        double appliesBefore = before.value("tandem_channel_apply_duration_seconds_count", CHANNEL).orElseThrow();

        int transactions = 25;
        String[] inserts = new String[transactions];
        for (int i = 0; i < transactions; i++) {
            inserts[i] = "INSERT INTO felix.notes VALUES (" + i + ", 'note " + i + "')"; // autocommit: one each
        }
        db1.execute(inserts);

        await(transactions + " more transactions and apply times in /metrics than " + transactionsBefore + " and "
                + appliesBefore, () -> {
                    MetricsText now = scrape();
                    return now.value("tandem_channel_transactions_applied_total", CHANNEL).orElseThrow()
                            == transactionsBefore + transactions
                            && now.value("tandem_channel_apply_duration_seconds_count", CHANNEL).orElseThrow()
                            == appliesBefore + transactions;
                }, () -> {
                    MetricsText now = scrape();
                    return "transactions " + now.value("tandem_channel_transactions_applied_total", CHANNEL)
                            + ", apply times " + now.value("tandem_channel_apply_duration_seconds_count", CHANNEL);
                });
        MetricsText after = scrape();
        assertThat(after.value("tandem_channel_rows_applied_total", CHANNEL)).hasValue(rowsBefore + transactions);
        assertThat(after.value("tandem_channel_apply_duration_seconds_sum", CHANNEL).orElseThrow()).isPositive();
        assertThat(after.value("tandem_channel_up", CHANNEL)).hasValue(1);
        assertThat(after.value("tandem_channel_state{channel=\"" + CHANNEL + "\",state=\"running\"}")).hasValue(1);
        assertThat(after.value("tandem_channel_replication_delay_seconds_count", CHANNEL)).isPresent();
        assertThat(db2.queryLong("SELECT COUNT(*) FROM felix.notes")).isEqualTo(transactions);
    }

    @Test
    void servesMetricsInThePrometheusTextFormat() throws Exception {
        HttpResponse<String> response = get("/metrics", TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE tandem_channel_transactions_applied_total counter\n");
    }

    @Test
    void theSourceEndIsWhatShowMasterStatusSaysOnTheSource() throws Exception {
        db1.execute("CREATE DATABASE IF NOT EXISTS felix", "CREATE TABLE IF NOT EXISTS felix.ends (id INT PRIMARY KEY)",
                "INSERT INTO felix.ends VALUES (1)");
        List<String> masterStatus = db1.queryRows("SHOW MASTER STATUS").get(0);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> response = get("/v1/channels/" + CHANNEL + "/source-end", TOKEN);

        Instant after = Instant.now();
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json(response.body());
        assertThat(document.path("channel").asText()).isEqualTo(CHANNEL);
        assertThat(document.at("/sourceEnd/file").asText()).isEqualTo(masterStatus.get(0));
        assertThat(document.at("/sourceEnd/position").asLong()).isEqualTo(Long.parseLong(masterStatus.get(1)));
        assertThat(Instant.parse(document.path("observedAt").asText())).isBetween(before, after);
    }

    @Test
    void refusesEveryRouteWithoutTheRightTokenAndNeverEchoesOrLogsIt() throws Exception {
        double refusedBefore = scrape().value("tandem_admin_requests_refused_total").orElseThrow();
        List<String> routes = List.of("/v1/status", "/v1/status?channel=" + CHANNEL, "/metrics",
                "/v1/channels/" + CHANNEL + "/source-end", "/no/such/route");
        List<Optional<String>> authorizations = List.of(Optional.empty(), Optional.of("Bearer " + TOKEN + "0"),
                Optional.of("Bearer " + TOKEN.substring(1)), Optional.of("Basic " + TOKEN), Optional.of(TOKEN));
        int refused = 0;
        for (String route : routes) {
            for (Optional<String> authorization : authorizations) {
                HttpResponse<String> response = send(HttpRequest.newBuilder(uri(route)).GET(), authorization);
                refused++;
                assertThat(response.statusCode()).as(route + " with " + authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"tandem\"");
                assertThat(json(response.body())).isEqualTo(json("{\"error\":\"missing or wrong admin token\"}"));
                assertThat(response.body()).doesNotContain(TOKEN.substring(1, 9));
            }
        }

        assertThat(scrape().value("tandem_admin_requests_refused_total")).hasValue(refusedBefore + refused);
        assertThat(adminLog.warnings()).anySatisfy(line -> assertThat(line)
                .startsWith("admin[admin-it]: refused GET ").contains(" from 127.0.0.1:"));
        assertThat(adminLog.all()).noneSatisfy(line -> assertThat(line).contains(TOKEN.substring(1, 9)));
        assertThat(get("/v1/status", TOKEN).statusCode()).as("the right token still works").isEqualTo(200);
    }

    @Test
    void answersOtherMethodsWith405AndUnknownPathsWith404() throws Exception {
        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/v1/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")), Optional.of("Bearer " + TOKEN));
        HttpResponse<String> unknown = get("/v2/status", TOKEN);

        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET");
        assertThat(json(post.body()).path("error").asText()).startsWith("method POST is not allowed");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(json(unknown.body()).path("error").asText()).startsWith("no such resource: /v2/status; the routes are");
    }

    @Test
    void aSecondEndpointOnTheSamePortFailsSayingWhichAddressAndSetting() {
        AdminConfig samePort = new AdminConfig(Optional.of(admin.address()), config.admin().token());

        BindException e = catchThrowableOfType(BindException.class,
                () -> AdminServer.start(samePort, replicator, metrics).close());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("admin[admin-it]: cannot listen on 127.0.0.1:" + admin.address().getPort()
                + ": ").contains("in use").endsWith("Set admin-listen = HOST:PORT in [replicator] to another address,"
                + " or admin-listen = off");
    }

    /** Last: it stops the source. */
    @Test
    @Order(Integer.MAX_VALUE)
    void answersTheSourceEndWith503WhenTheSourceCannotBeReached() throws Exception {
        db1.stop();

        HttpResponse<String> response = get("/v1/channels/" + CHANNEL + "/source-end", TOKEN);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).path("error").asText())
                .startsWith("cannot reach the source of channel " + CHANNEL + ": ");
        assertThat(get("/v1/status", TOKEN).statusCode()).as("status still answers").isEqualTo(200);
    }

    // ---- helpers

    private static void awaitCaughtUp() throws Exception {
        ReplicationChannel channel = replicator.channel(CHANNEL).orElseThrow();
        BinlogPosition sourceEnd = channel.currentSourceEnd();
        await("channel caught up to " + sourceEnd, () -> channel.status().hasFinished(sourceEnd));
    }

    private static MetricsText scrape() {
        try {
            HttpResponse<String> response = get("/metrics", TOKEN);
            assertThat(response.statusCode()).isEqualTo(200);
            return MetricsText.parse(response.body());
        } catch (Exception e) {
            throw new AssertionError("cannot scrape /metrics: " + e, e);
        }
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + admin.address().getPort() + pathAndQuery);
    }

    private static HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), Optional.of("Bearer " + token));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, Optional<String> authorization)
            throws Exception {
        authorization.ifPresent(value -> request.header("Authorization", value));
        return HTTP.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Waits for a condition that may fail to be evaluated for now (a metric not exported yet): not yet, then. */
    private static void await(String what, Await.Check condition) {
        await(what, condition, () -> "channel " + replicator.status());
    }

    private static void await(String what, Await.Check condition, Supplier<String> state) {
        Await.untilChecked(what, condition, WAIT, state);
    }

    /** What AdminServer logs, to prove a refused token never reaches the log. */
    private static final class CapturedLog extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        void attach() {
            start();
            logger().addAppender(this);
        }

        void detach() {
            logger().detachAppender(this);
            stop();
        }

        List<String> all() {
            return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        List<String> warnings() {
            return events.stream().filter(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        private static ch.qos.logback.classic.Logger logger() {
            return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(AdminServer.class);
        }
    }
}
