package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover daemon's local socket, {@code control.sock} in its state directory, mode 600: one JSON request per
 * connection, one JSON answer. It serves DRBD's fence-peer handler ({@code tandem drbd fence-peer}), which runs as a
 * separate process but needs the daemon's view of the peer and its channel to it.
 */
final class ControlSocket implements AutoCloseable {

    static final String FILE_NAME = "control.sock";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(ControlSocket.class);

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlSocket(Path path, ServerSocketChannel server, Function<JsonNode, ObjectNode> requests) {
        this.path = path;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("control-socket").start(() -> accept(requests));
    }

    /** Listens at {@code stateDirectory/control.sock}; {@code requests} answers each request. */
    static ControlSocket open(Path stateDirectory, Function<JsonNode, ObjectNode> requests) throws IOException {
        Path path = stateDirectory.resolve(FILE_NAME);
        Files.deleteIfExists(path); // left by a daemon that was killed
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlSocket(path, server, requests);
    }

    /** Sends one request to the daemon whose state directory is {@code stateDirectory} and returns its answer. */
    static JsonNode ask(Path stateDirectory, ObjectNode request) throws IOException {
        // No read timeout (Unix channels have none): the daemon bounds its own work, as a fence-peer needs.
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(stateDirectory.resolve(FILE_NAME)))) {
            OutputStream out = Channels.newOutputStream(channel);
            out.write((MAPPER.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the daemon closed the control socket without an answer");
            }
            return MAPPER.readTree(line);
        }
    }

    private void accept(Function<JsonNode, ObjectNode> requests) {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("control socket {}: accept failed: {}", path, e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("control-request").start(() -> serve(channel, requests));
        }
    }

    private static void serve(SocketChannel channel, Function<JsonNode, ObjectNode> requests) {
        try (channel) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            ObjectNode answer;
            try {
                answer = requests.apply(MAPPER.readTree(line == null ? "" : line));
            } catch (IOException | RuntimeException e) {
                answer = MAPPER.createObjectNode().put("error", "bad request: " + e.getMessage());
            }
            OutputStream out = Channels.newOutputStream(channel);
            out.write((MAPPER.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.debug("control socket: a client went away: {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(path);
    }
}
