package io.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.drbd.agent.FencePeer;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem drbd fence-peer}: DRBD's {@code fence-peer} handler for a pair run by tandem's failover daemon, in
 * place of heartbeat's drbd-peer-outdater (whose dopd tandem does not run). It asks the local daemon, which asks
 * the peer's daemon to outdate its disk.
 */
@Command(name = "fence-peer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"DRBD's fence-peer handler, for resources whose failover daemon is tandem's:",
                "asks the peer's daemon, over the heartbeat channel, to outdate its disk, so",
                "that it cannot be promoted with stale data. Answers 5 or 7 only when heartbeat",
                "has declared the peer dead, and never 0. In the resource's handlers section:",
                "  fence-peer \"/usr/local/bin/tandem drbd fence-peer\";"},
        exitCodeListHeading = "%nExit codes (DRBD's fence-peer protocol):%n",
        exitCodeList = {"1:cannot tell (no daemon, no answer from a live peer): DRBD does not promote",
                "3:the peer's disk was already Outdated or worse", "4:the peer outdated its disk",
                "5:the peer is dead to heartbeat (DRBD promotes only UpToDate data)",
                "6:the peer is Primary: DRBD outdates this side", "7:the peer is dead and was fenced"})
final class DrbdFencePeerCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE",
            description = "The DRBD resource. Default: DRBD_RESOURCE, which DRBD sets for its handlers.")
    String resource;

    @Mixin
    DaemonStateDirectory stateDirectory;

    @Override
    public Integer call() {
        String name = resource != null ? resource : System.getenv("DRBD_RESOURCE");
        if (name == null || name.isBlank()) {
            System.out.println("fence-peer: no resource named and DRBD_RESOURCE is not set");
            return FencePeer.CANNOT_TELL;
        }
        JsonNode answer;
        try {
            answer = ControlSocket.ask(stateDirectory.path, MAPPER.createObjectNode().put("request", "fence-peer")
                    .put("resource", name));
        } catch (IOException e) {
            System.out.println("fence-peer " + name + ": no tandem failover daemon answers at " + stateDirectory.path
                    .resolve(ControlSocket.FILE_NAME) + " (" + e.getMessage() + "); not fencing");
            return FencePeer.CANNOT_TELL;
        }
        if (!answer.has("exit")) {
            System.out.println("fence-peer " + name + ": " + answer.path("error").asText("no answer"));
            return FencePeer.CANNOT_TELL;
        }
        int exit = answer.get("exit").asInt(FencePeer.CANNOT_TELL);
        System.out.println("fence-peer " + name + ": " + answer.path("message").asText() + " (exit " + exit + ")");
        return exit == 0 ? FencePeer.CANNOT_TELL : exit;
    }
}
