package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.drbd.agent.FencePeer;
import io.tandem.heartbeat.HeartbeatNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What the failover daemon's control socket answers: DRBD's fence-peer handler, and the administrator's standby
 * and takeover requests (heartbeat's hb_standby and hb_takeover).
 */
final class ControlRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ControlRequests() {}

    static Function<JsonNode, ObjectNode> of(HeartbeatNode node, boolean fenceConfigured) {
        return request -> switch (request.path("request").asText()) {
            case "fence-peer" -> {
                FencePeer.Answer answer = DrbdPeerFencing.outdatePeer(node, fenceConfigured,
                        request.path("resource").asText(), DrbdPeerFencing.ASK_TIMEOUT);
                yield MAPPER.createObjectNode().put("exit", answer.exitCode()).put("message", answer.message());
            }
            case "standby" -> admin(() -> node.standby(request.path("classes").asText("all")).get(5,
                    TimeUnit.SECONDS));
            case "takeover" -> admin(() -> node.takeover(request.path("classes").asText("all")).get(5,
                    TimeUnit.SECONDS));
            default -> MAPPER.createObjectNode().put("error", "unknown request " + request.path("request"));
        };
    }

    private interface AdminCall {
        HeartbeatNode.AdminOutcome call() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static ObjectNode admin(AdminCall call) {
        try {
            HeartbeatNode.AdminOutcome outcome = call.call();
            return MAPPER.createObjectNode().put("started", outcome.started()).put("message", outcome.note());
        } catch (IllegalArgumentException e) {
            return MAPPER.createObjectNode().put("error", e.getMessage());
        } catch (TimeoutException | ExecutionException e) {
            return MAPPER.createObjectNode().put("error", "the daemon did not carry the request out: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MAPPER.createObjectNode().put("error", "interrupted");
        }
    }
}
