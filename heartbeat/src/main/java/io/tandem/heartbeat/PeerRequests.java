package io.tandem.heartbeat;

import io.tandem.heartbeat.wire.Field;
import io.tandem.heartbeat.wire.Message;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests one tandem node makes of its peer over the heartbeat channel, so they are authenticated, numbered and
 * retransmitted like every cluster message, and answered by the handler the peer's daemon was given (DRBD's
 * fence-peer asks the peer to outdate its disk). A real heartbeat peer delivers them to no one and never answers:
 * the asker's timeout decides.
 *
 * <p>The payload travels in fields prefixed {@code tandem-}, apart from heartbeat's own.
 */
public final class PeerRequests {

    static final String REQUEST = "tandem-request";
    static final String REPLY = "tandem-reply";
    private static final String PREFIX = "tandem-";
    private static final String KIND = PREFIX + "kind";
    private static final String ID = PREFIX + "rid";

    private static final Logger log = LoggerFactory.getLogger(PeerRequests.class);

    /** Answers a peer's request; runs off the event loop and may block. */
    @FunctionalInterface
    public interface Handler {
        Map<String, String> answer(String kind, Map<String, String> fields);
    }

    /** For a daemon that serves no requests: every request is answered with an error. */
    public static final Handler NONE = (kind, fields) -> Map.of("error", "this node serves no " + kind + " requests");

    private final Handler handler;
    private final Executor executor;
    private final Map<Long, CompletableFuture<Map<String, String>>> pending = new ConcurrentHashMap<>();
    // Random start: a restarted node's new requests are not taken for answers to its old ones.
    private final AtomicLong nextId = new AtomicLong(new SecureRandom().nextLong() & Long.MAX_VALUE);

    public PeerRequests(Handler handler, Executor executor) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** A request to {@code peer} and the future its answer completes; the caller sends the message. */
    Pending request(String peer, String kind, Map<String, String> fields) {
        long id = nextId.incrementAndGet();
        CompletableFuture<Map<String, String>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((result, failure) -> pending.remove(id));
        Message.Builder message = Message.builder().text("t", REQUEST).text("dest", peer).text(KIND, kind)
                .text(ID, Long.toString(id));
        fields.forEach((name, value) -> message.text(PREFIX + name, value));
        return new Pending(message.build(), answer);
    }

    record Pending(Message message, CompletableFuture<Map<String, String>> answer) {}

    /**
     * Takes a delivered message if it is a request or an answer; a request is answered off the loop through {@code
     * sendOnLoop}. Returns false for every other message.
     */
    boolean onMessage(Message message, Consumer<Message> sendOnLoop) {
        String type = message.type().orElse("");
        if (!type.equals(REQUEST) && !type.equals(REPLY)) {
            return false;
        }
        String source = message.src().orElse("?");
        long id;
        try {
            id = Long.parseLong(message.text(ID).orElse(""));
        } catch (NumberFormatException e) {
            log.warn("{} from {} without a valid {}: dropped", type, source, ID);
            return true;
        }
        Map<String, String> payload = payload(message);
        if (type.equals(REPLY)) {
            CompletableFuture<Map<String, String>> answer = pending.get(id);
            if (answer == null) {
                log.info("answer {} from {} came after its request timed out: dropped", id, source);
            } else {
                answer.complete(payload);
            }
            return true;
        }
        String kind = message.text(KIND).orElse("");
        executor.execute(() -> {
            Map<String, String> reply;
            try {
                reply = handler.answer(kind, payload);
            } catch (RuntimeException e) {
                log.error("answering {}'s {} request failed", source, kind, e);
                reply = Map.of("error", kind + " failed here: " + e);
            }
            Message.Builder answer = Message.builder().text("t", REPLY).text("dest", source)
                    .text(ID, Long.toString(id));
            reply.forEach((name, value) -> answer.text(PREFIX + name, value));
            sendOnLoop.accept(answer.build());
        });
        return true;
    }

    private static Map<String, String> payload(Message message) {
        Map<String, String> payload = new LinkedHashMap<>();
        for (Field field : message.fields()) {
            if (field.name().startsWith(PREFIX) && !field.name().equals(KIND) && !field.name().equals(ID)) {
                message.text(field.name()).ifPresent(value -> payload.put(field.name().substring(PREFIX.length()),
                        value));
            }
        }
        return payload;
    }
}
