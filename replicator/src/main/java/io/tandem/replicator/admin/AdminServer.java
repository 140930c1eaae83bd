package io.tandem.replicator.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.replicator.Replicator;
import io.tandem.replicator.config.AdminConfig;
import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.pipeline.ChannelStatus;
import io.tandem.replicator.pipeline.ReplicationChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP endpoint of a running replicator. Every route is {@code GET}:
 *
 * <pre>
 * /v1/status[?channel=NAME]        the status document (tandem-status/1, status-v1.schema.json)
 * /v1/channels/NAME/source-end     SHOW MASTER STATUS on the channel's source, run now
 * /metrics                         Prometheus text exposition format
 * </pre>
 *
 * <p>When a token is configured, every request needs {@code Authorization: Bearer TOKEN}; a refusal is
 * answered 401, counted in {@code tandem_admin_requests_refused_total} and logged with the peer's address,
 * never with what it sent.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver}: four read-only routes on a loopback port do not need a
 * web framework. Requests run on two threads with a short queue; beyond that, connections are closed, so a
 * flood of requests cannot take more from the replicator than two threads.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private static final int THREADS = 2;
    private static final int QUEUED_REQUESTS = 32;
    private static final int BACKLOG = 16;
    /** How long {@link #close()} lets a request in progress (a scrape, a SHOW MASTER STATUS) finish. */
    private static final int STOP_DELAY_SECONDS = 1;
    private static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final String JSON = "application/json; charset=utf-8";
    private static final Pattern SOURCE_END = Pattern.compile("/v1/channels/([^/]+)/source-end");
    private static final String ROUTES = "GET /v1/status[?channel=NAME], GET /v1/channels/NAME/source-end,"
            + " GET /metrics";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Replicator replicator;
    private final ReplicatorMetrics metrics;
    private final byte[] tokenDigest;
    private final InstantSource clock = InstantSource.system();
    private final String logPrefix;
    private final RefusalLog refusals;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(HttpServer server, ThreadPoolExecutor executor, Replicator replicator,
            ReplicatorMetrics metrics, byte[] tokenDigest, String logPrefix) {
        this.server = server;
        this.executor = executor;
        this.replicator = replicator;
        this.metrics = metrics;
        this.tokenDigest = tokenDigest;
        this.logPrefix = logPrefix;
        this.refusals = new RefusalLog(log::warn, REFUSAL_LOG_INTERVAL, clock);
    }

    /**
     * Binds {@code config}'s address and serves {@code replicator}'s status and {@code metrics} until closed.
     *
     * @throws IllegalArgumentException when the endpoint is off in {@code config} ({@code admin-listen = off})
     * @throws BindException when the address cannot be bound (in use, or not this host's); the message names the
     *     address and the setting to change
     */
    public static AdminServer start(AdminConfig config, Replicator replicator, ReplicatorMetrics metrics)
            throws IOException {
        InetSocketAddress address = config.listen().orElseThrow(() -> new IllegalArgumentException(
                "the admin endpoint is off (admin-listen = off); check AdminConfig.isEnabled() first"));
        String logPrefix = "admin[" + replicator.config().name() + "]";
        HttpServer server;
        try {
            server = HttpServer.create(address, BACKLOG);
        } catch (BindException e) {
            BindException refused = new BindException(logPrefix + ": cannot listen on " + hostAndPort(address) + ": "
                    + e.getMessage() + (String.valueOf(e.getMessage()).contains("in use")
                            ? " (another tandem, or another program, has the port)" : "")
                    + ". Set admin-listen = HOST:PORT in [replicator] to another address, or admin-listen = off");
            refused.initCause(e);
            throw refused;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), runnable -> {
                    Thread thread = new Thread(runnable, logPrefix + "-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        AdminServer admin = new AdminServer(server, executor, replicator, metrics,
                config.token().map(token -> sha256(token.reveal())).orElse(null), logPrefix);
        server.createContext("/", admin::handle);
        server.setExecutor(executor);
        server.start();
        log.info("{}: listening on http://{}/ ({}); routes: {}", logPrefix, hostAndPort(admin.address()),
                config.token().isPresent() ? "bearer token required" : "no token, loopback only", ROUTES);
        return admin;
    }

    /** The bound address: the real port when port 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening, lets a request in progress finish for up to a second, and ends the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{}: request threads did not end within 5 s", logPrefix);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("{}: stopped", logPrefix);
    }

    // ---- requests

    /** An answer, ready to send. */
    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Response json(int status, Object document) {
            try {
                return new Response(status, JSON, (MAPPER.writeValueAsString(document) + "\n")
                        .getBytes(StandardCharsets.UTF_8), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a JSON answer", e);
            }
        }

        static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }

        Response withHeader(String name, String value) {
            return new Response(status, contentType, body, Map.of(name, value));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                log.error("{}: {} {} failed", logPrefix, exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), e);
                response = Response.error(500, "internal error: " + e);
            }
            send(exchange, response);
        }
    }

    private Response respond(HttpExchange exchange) {
        Optional<String> refusal = refusal(exchange);
        if (refusal.isPresent()) {
            metrics.adminRequestRefused();
            refusals.refused(logPrefix + ": refused " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath() + " from " + hostAndPort(exchange.getRemoteAddress())
                    + ": " + refusal.get());
            return Response.error(401, "missing or wrong admin token")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"tandem\"");
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET")) {
            return Response.error(405, "method " + method + " is not allowed; the admin endpoint is read-only: "
                    + ROUTES).withHeader("Allow", "GET");
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/status")) {
            return status(queryParameter(exchange, "channel"));
        }
        if (path.equals("/metrics")) {
            return new Response(200, ReplicatorMetrics.CONTENT_TYPE,
                    metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
        }
        Matcher sourceEnd = SOURCE_END.matcher(path);
        if (sourceEnd.matches()) {
            return sourceEnd(sourceEnd.group(1));
        }
        return Response.error(404, "no such resource: " + path + "; the routes are " + ROUTES);
    }

    /** Why the request may not be served, or empty when it may. The reason never quotes what was sent. */
    private Optional<String> refusal(HttpExchange exchange) {
        if (tokenDigest == null) {
            return Optional.empty();
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return Optional.of("no Authorization header");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("the Authorization header is not a Bearer token");
        }
        // Digests of equal length, compared in constant time: neither the content nor the length of the
        // token can be learnt from response times.
        byte[] presented = sha256(authorization.substring(7).strip());
        return MessageDigest.isEqual(presented, tokenDigest) ? Optional.empty() : Optional.of("wrong token");
    }

    private Response status(Optional<String> channelName) {
        Instant now = clock.instant();
        if (channelName.isEmpty()) {
            return json(StatusJson.write(StatusReports.online(replicator.config(), replicator.status(), now)));
        }
        Optional<ReplicationChannel> channel = replicator.channel(channelName.get());
        if (channel.isEmpty()) {
            return unknownChannel(channelName.get());
        }
        ChannelStatus status = channel.get().status();
        return json(StatusJson.write(StatusReports.online(replicator.config(), List.of(status), now)));
    }

    private Response sourceEnd(String channelName) {
        Optional<ReplicationChannel> channel = replicator.channel(channelName);
        if (channel.isEmpty()) {
            return unknownChannel(channelName);
        }
        BinlogPosition end;
        try {
            end = channel.get().currentSourceEnd();
        } catch (SQLException e) {
            log.warn("{}: source end of channel {} requested, but its source cannot be reached: {}", logPrefix,
                    channelName, e.getMessage());
            return Response.error(503, "cannot reach the source of channel " + channelName + ": " + e.getMessage());
        }
        ObjectNode document = MAPPER.createObjectNode();
        document.put("channel", channelName);
        ObjectNode position = document.putObject("sourceEnd");
        position.put("file", end.file());
        position.put("position", end.position());
        // Milliseconds, as in the status document.
        document.put("observedAt", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        return Response.json(200, document);
    }

    private Response unknownChannel(String name) {
        ObjectNode document = MAPPER.createObjectNode();
        document.put("error", "unknown channel " + name);
        replicator.config().channels().stream().map(ChannelConfig::name)
                .forEach(document.putArray("channels")::add);
        return Response.json(404, document);
    }

    private static Response json(String document) {
        return new Response(200, JSON, document.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static Optional<String> queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        response.headers().forEach(exchange.getResponseHeaders()::set);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(response.status(), -1); // a HEAD answer has headers only
            return;
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(response.body());
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
