package io.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.event.BinlogPosition;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the tandem service's admin endpoint, and turns every way that can go wrong into the exit code a script
 * branches on:
 *
 * <pre>
 * connection refused, no answer in time     → 3 (and a hint what to do without the service)
 * 401                                       → 6
 * 404 {"error":..., "channels":[...]}       → 5 (the channels the service has)
 * 503 on source-end (source unreachable)    → 3
 * anything else, or a body of another shape → 1 (naming what was received)
 * </pre>
 *
 * <p>Contract: {@code GET /v1/status[?channel=NAME]} returns a {@value StatusReport#FORMAT} document;
 * {@code GET /v1/channels/NAME/source-end} returns {@code {"channel", "sourceEnd": {"file", "position"},
 * "observedAt"}}, the source's {@code SHOW MASTER STATUS} run at the time of the request.
 */
final class AdminClient implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SHOWN_BODY_CHARACTERS = 200;

    /** The source's binlog end at {@code observedAt}, as the service read it. */
    record SourceEnd(String channel, BinlogPosition position, Instant observedAt) {}

    private final AdminEndpoint endpoint;
    private final String unreachableHint;
    private final HttpClient http;

    /** @param unreachableHint appended to the message when the service cannot be reached: what to do instead */
    AdminClient(AdminEndpoint endpoint, String unreachableHint) {
        this.endpoint = endpoint;
        this.unreachableHint = unreachableHint;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return endpoint.base();
    }

    /** The status document of every channel, or of {@code channel} alone when it is not null. */
    StatusReport status(String channel) throws CommandFailure, InterruptedException {
        URI uri = URI.create(endpoint.base() + "/v1/status" + (channel == null ? "" : "?channel=" + query(channel)));
        HttpResponse<String> response = get(uri);
        if (response.statusCode() != 200) {
            throw failure(uri, response, channel);
        }
        try {
            return StatusJson.read(response.body());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(TandemCommand.EXIT_FAILED, uri + " did not answer with a status document: "
                    + e.getMessage() + "; received " + received(response));
        }
    }

    /** The source's binlog end now ({@code SHOW MASTER STATUS} run by the service on the channel's source). */
    SourceEnd sourceEnd(String channel) throws CommandFailure, InterruptedException {
        URI uri = URI.create(endpoint.base() + "/v1/channels/" + path(channel) + "/source-end");
        HttpResponse<String> response = get(uri);
        if (response.statusCode() == 503) {
            throw new SourceUnreachable("the source of channel " + channel + " could not be reached: "
                    + errorText(response));
        }
        if (response.statusCode() != 200) {
            throw failure(uri, response, channel);
        }
        try {
            JsonNode root = MAPPER.readTree(response.body());
            JsonNode end = root == null ? null : root.get("sourceEnd");
            if (end == null || !end.path("file").isTextual() || !end.path("position").canConvertToLong()) {
                throw new IllegalArgumentException("no sourceEnd {file, position} in it");
            }
            JsonNode observed = root.get("observedAt");
            return new SourceEnd(root.path("channel").asText(channel),
                    new BinlogPosition(end.get("file").asText(), end.get("position").asLong()),
                    observed == null || observed.isNull() ? null : Instant.parse(observed.asText()));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw new CommandFailure(TandemCommand.EXIT_FAILED, uri + " did not answer with a source end: "
                    + (e instanceof JsonProcessingException json ? "not JSON (" + json.getOriginalMessage() + ")"
                            : e.getMessage()) + "; received " + received(response));
        }
    }

    private HttpResponse<String> get(URI uri) throws CommandFailure, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET()
                .header("Accept", "application/json");
        if (endpoint.token() != null) {
            request.header("Authorization", "Bearer " + endpoint.token());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(uri, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw unreachable(uri, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable(uri, "connection refused");
        } catch (IOException e) {
            throw unreachable(uri, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private CommandFailure unreachable(URI uri, String why) {
        return new CommandFailure(TandemCommand.EXIT_UNREACHABLE, "cannot reach the tandem service at "
                + endpoint.base() + " (" + why + ", asking " + uri.getPath() + "). " + unreachableHint);
    }

    private CommandFailure failure(URI uri, HttpResponse<String> response, String channel) {
        if (response.statusCode() == 401) {
            return new CommandFailure(TandemCommand.EXIT_TOKEN_REFUSED, "the admin endpoint refused the token ("
                    + (endpoint.token() == null ? "none was sent" : "token from " + endpoint.tokenOrigin())
                    + "; it said: " + errorText(response) + "); give --token-file or set "
                    + AdminEndpoint.TOKEN_VARIABLE);
        }
        if (response.statusCode() == 404 && channel != null) {
            List<String> channels = channels(response);
            if (channels != null) {
                return new CommandFailure(TandemCommand.EXIT_UNKNOWN_CHANNEL, "unknown channel " + channel
                        + "; the service at " + endpoint.base() + " has: " + String.join(", ", channels));
            }
        }
        return new CommandFailure(TandemCommand.EXIT_FAILED, uri + " answered HTTP " + response.statusCode()
                + ", not what a tandem admin endpoint answers; received " + received(response));
    }

    /** The {@code channels} of a 404 body, or null when the body is not tandem's unknown-channel answer. */
    private static List<String> channels(HttpResponse<String> response) {
        try {
            JsonNode channels = MAPPER.readTree(response.body()).get("channels");
            if (channels == null || !channels.isArray()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            channels.forEach(name -> names.add(name.asText()));
            return names;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    /** The {@code error} of a JSON error body, else the body itself, shortened. */
    private static String errorText(HttpResponse<String> response) {
        try {
            JsonNode error = MAPPER.readTree(response.body()).get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: show the body as it came
        }
        return "HTTP " + response.statusCode() + " " + shortened(response.body());
    }

    /** What came back, for a message: status, content type and the start of the body. */
    private static String received(HttpResponse<String> response) {
        return "HTTP " + response.statusCode() + ", "
                + response.headers().firstValue("Content-Type").orElse("no Content-Type") + ", body "
                + (response.body().isEmpty() ? "empty" : shortened(response.body()));
    }

    private static String shortened(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return "'" + (oneLine.length() <= SHOWN_BODY_CHARACTERS ? oneLine
                : oneLine.substring(0, SHOWN_BODY_CHARACTERS) + "...") + "'";
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        http.close();
    }

    /** The service answered, but could not reach the channel's source (503 on source-end): exit 3. */
    static final class SourceUnreachable extends CommandFailure {
        SourceUnreachable(String message) {
            super(TandemCommand.EXIT_UNREACHABLE, message);
        }
    }
}
