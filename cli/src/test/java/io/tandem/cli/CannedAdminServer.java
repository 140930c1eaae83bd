package io.tandem.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real HTTP server on loopback that answers each path with canned responses, in order (the last one repeats):
 * for testing how the client handles what an admin endpoint can answer, before the real one exists here.
 */
final class CannedAdminServer implements AutoCloseable {

    record Response(int status, String contentType, String body) {
        static Response json(int status, String body) {
            return new Response(status, "application/json", body);
        }
    }

    /** One request as received: path with query, and its Authorization header or null. */
    record Request(String pathAndQuery, String authorization) {}

    private final HttpServer server;
    private final Map<String, Deque<Response>> responses = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    CannedAdminServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            requests.add(new Request(key, exchange.getRequestHeaders().getFirst("Authorization")));
            Response response = next(key);
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Answers {@code pathAndQuery} with these, in order; the last one for every later request. */
    CannedAdminServer on(String pathAndQuery, Response... answers) {
        synchronized (responses) {
            responses.put(pathAndQuery, new ArrayDeque<>(List.of(answers)));
        }
        return this;
    }

    private Response next(String key) {
        synchronized (responses) {
            Deque<Response> queue = responses.get(key);
            if (queue == null || queue.isEmpty()) {
                return Response.json(404, "{\"error\":\"no canned response for " + key + "\"}");
            }
            return queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
