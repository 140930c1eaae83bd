package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads tandem.cf: ha.cf's syntax with tandem's own directives, any case, each at most once. */
final class TandemCfParser {

    static final String FILE = "tandem.cf";

    static final List<String> DIRECTIVES = List.of("fence", "ping_quorum");

    /** The settings, and the line of {@code ping_quorum on} (0 if none) for the check against ha.cf's ping nodes. */
    record ParsedTandemCf(TandemSettings settings, int pingQuorumLine) {}

    private TandemCfParser() {}

    static ParsedTandemCf parse(String text, Problems problems) {
        Map<String, Integer> setOn = new HashMap<>();
        Optional<Secret> fence = Optional.empty();
        boolean pingQuorum = false;
        int pingQuorumLine = 0;
        for (DirectiveLine line : ConfigText.directiveLines(text)) {
            String name = line.name();
            if (!DIRECTIVES.contains(name)) {
                String hint = HaCfParser.HEARTBEAT_DIRECTIVES.contains(name)
                        ? "; it is a heartbeat directive and belongs in ha.cf"
                        : Values.closest(name, DIRECTIVES).map(known -> "; did you mean " + known + "?").orElse("");
                problems.refuse(line.number(), name, "unknown tandem directive; tandem.cf knows " + String.join(" and ",
                        DIRECTIVES) + hint);
                continue;
            }
            Integer earlier = setOn.putIfAbsent(name, line.number());
            if (earlier != null) {
                problems.refuse(line.number(), name, "already set on line " + earlier + "; keep one of the two lines");
                continue;
            }
            switch (name) {
                case "fence" -> {
                    String command = line.arguments().strip();
                    // Never quote the command: its options may hold a password.
                    if (command.isEmpty() || !command.startsWith("/")) {
                        problems.refuse(line.number(), name, "takes an absolute program path and its arguments: fence"
                                + " <path> [args...], e.g. fence /usr/sbin/fence_ipmilan <options>");
                    } else {
                        fence = Optional.of(Secret.of(command));
                    }
                }
                case "ping_quorum" -> {
                    List<String> values = line.values();
                    Optional<Boolean> on = values.size() == 1 ? Values.parseBoolean(values.get(0)) : Optional.empty();
                    if (on.isEmpty()) {
                        problems.refuse(line.number(), name, "takes one of " + Values.BOOLEAN_FORMS + ", e.g. ping_quorum on");
                    } else {
                        pingQuorum = on.get();
                        pingQuorumLine = on.get() ? line.number() : 0;
                    }
                }
                default -> throw new IllegalStateException("tandem directive without a reader: " + name);
            }
        }
        return new ParsedTandemCf(new TandemSettings(fence, pingQuorum), pingQuorumLine);
    }
}
