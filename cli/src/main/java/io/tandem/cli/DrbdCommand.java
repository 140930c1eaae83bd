package io.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.drbd.command.CommandPlan;
import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.DrbdEvent;
import io.tandem.drbd.status.DrbdadmStatusParser;
import io.tandem.drbd.status.Events2Monitor;
import io.tandem.drbd.status.ParseOutcome;
import io.tandem.drbd.status.PeerStatus;
import io.tandem.drbd.status.PeerVolumeStatus;
import io.tandem.drbd.status.ProcDrbdMinor;
import io.tandem.drbd.status.ProcDrbdParser;
import io.tandem.drbd.status.ProcDrbdStatus;
import io.tandem.drbd.status.ResourceStatus;
import io.tandem.drbd.status.StatusJsonParser;
import io.tandem.drbd.status.VolumeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem drbd}: where DRBD resources stand, now or as they change, and the drbdadm commands an intent takes,
 * per dialect.
 */
@Command(name = "drbd", mixinStandardHelpOptions = true,
        description = {"DRBD: where each resource stands (status), how it changes (events), which",
                "drbdadm commands an intent takes in a given DRBD dialect (plan), carrying an",
                "intent out on this node behind the failover daemon's safety checks (run), and",
                "DRBD's fence-peer handler for pairs that tandem's daemon runs (fence-peer)."},
        subcommands = {DrbdCommand.Plan.class, DrbdCommand.Status.class, DrbdCommand.Events.class,
                DrbdRunCommand.class, DrbdFencePeerCommand.class})
final class DrbdCommand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code tandem drbd plan}: the commands, in order, each with why; a dry run by construction. */
    @Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Print the drbdadm commands that carry out an intent, in order, each with why.",
                    "Intents: create-md, up, first-sync (overwrite the peer), promote, demote,",
                    "switchover (needs --from and --to), discard-my-data (the split-brain victim),",
                    "reconnect (the split-brain survivor), down, adjust."},
            footerHeading = "%nExamples:%n",
            footer = {"  tandem drbd plan first-sync img_server --dialect 8.3",
                    "  tandem drbd plan switchover img_server --dialect 8.4 --from db1 --to db2 --json"})
    static final class Plan implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "INTENT", description = "What to do (see above).")
        String intent;

        @Parameters(index = "1", paramLabel = "RESOURCE", description = "The DRBD resource, as in its .res file.")
        String resource;

        @Option(names = "--dialect", required = true, paramLabel = "8.3|8.4|9",
                description = "The DRBD version the nodes run: it decides how drbdadm spells each command.")
        String dialect;

        @Option(names = "--force", description = "promote: promote even without UpToDate data (data loss risk).")
        boolean force;

        @Option(names = "--from", paramLabel = "NODE", description = "switchover: the node that is Primary now.")
        String from;

        @Option(names = "--to", paramLabel = "NODE", description = "switchover: the node to become Primary.")
        String to;

        @Option(names = "--json", description = "Print the steps as JSON records.")
        boolean json;

        @Override
        public Integer call() throws CommandFailure, IOException {
            Dialect chosen = switch (dialect) {
                case "8.3" -> Dialect.V83;
                case "8.4" -> Dialect.V84;
                case "9", "9.0", "9.1", "9.2" -> Dialect.V9;
                default -> throw new CommandFailure(TandemCommand.EXIT_USAGE, "--dialect " + dialect
                        + ": must be 8.3, 8.4 or 9");
            };
            Intent wanted = DrbdIntents.parse(intent, force, from, to);
            CommandPlan plan;
            try {
                plan = new CommandPlanner(chosen).plan(wanted, resource);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(TandemCommand.EXIT_USAGE, e.getMessage());
            }
            System.out.println(json ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan.toRecords())
                    : plan.toDryRunText());
            return TandemCommand.EXIT_OK;
        }
    }

    /** {@code tandem drbd status}: roles, disks, connections and resync progress, from what DRBD reports. */
    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Show each DRBD resource's role, disk, connection, peer and resync progress.",
                    "Reads 'drbdsetup status --json' (DRBD 9) or /proc/drbd (8.3, 8.4), or a saved",
                    "output of either (or of 'drbdadm status') with --from. A text in a format it does not",
                    "know is reported with the line, never guessed (exit 1). Exit 3 when this machine",
                    "has no DRBD kernel module."})
    static final class Status implements Callable<Integer> {

        @Option(names = "--from", paramLabel = "FILE",
                description = "Read this saved output instead of asking DRBD.")
        Path from;

        @Option(names = "--json", description = "Print the status as JSON.")
        boolean json;

        @Override
        public Integer call() throws CommandFailure, IOException, InterruptedException {
            String text;
            if (from != null) {
                text = Files.readString(from);
            } else if (Files.exists(Path.of("/proc/drbd"))) {
                text = Files.readString(Path.of("/proc/drbd"));
                if (text.contains("version: 9")) {
                    text = drbdsetupStatusJson();
                }
            } else {
                throw new CommandFailure(TandemCommand.EXIT_UNREACHABLE, "no DRBD kernel module on this machine"
                        + " (/proc/drbd is missing): nothing to report; 'tandem drbd status --from FILE' reads a"
                        + " saved output");
            }
            List<ResourceStatus> resources = parse(text);
            if (json) {
                System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(resources)));
            } else {
                resources.forEach(resource -> System.out.print(describe(resource)));
            }
            return TandemCommand.EXIT_OK;
        }

        private static String drbdsetupStatusJson() throws IOException, InterruptedException, CommandFailure {
            Process process = new ProcessBuilder("drbdsetup", "status", "--json").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new CommandFailure(TandemCommand.EXIT_FAILED, "drbdsetup status --json failed: " + output.strip());
            }
            return output;
        }

        /** Picks the parser by the text's shape; a text none of them knows is reported with its line. */
        static List<ResourceStatus> parse(String text) throws CommandFailure {
            String trimmed = text.stripLeading();
            if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
                return outcome(StatusJsonParser.parse(text), "drbdsetup status --json");
            }
            if (trimmed.startsWith("version:")) {
                ProcDrbdStatus proc = outcome(ProcDrbdParser.parse(text), "/proc/drbd");
                List<ResourceStatus> resources = new ArrayList<>();
                for (ProcDrbdMinor minor : proc.minors()) {
                    if (minor instanceof ProcDrbdMinor.Configured configured) {
                        // /proc/drbd names no resource: minors stand for them.
                        resources.add(configured.toResourceStatus("minor " + configured.minor(), 0));
                    }
                }
                return resources;
            }
            return outcome(DrbdadmStatusParser.parse(text), "drbdadm status");
        }

        private static <T> T outcome(ParseOutcome<T> outcome, String format) throws CommandFailure {
            return switch (outcome) {
                case ParseOutcome.Parsed<T> parsed -> parsed.status();
                case ParseOutcome.UnknownFormat<T> unknown -> throw new CommandFailure(TandemCommand.EXIT_FAILED,
                        "not a " + format + " output tandem knows, at line " + unknown.lineNumber() + " ('"
                                + unknown.line() + "'): " + unknown.reason());
            };
        }

        private static String describe(ResourceStatus resource) {
            StringBuilder out = new StringBuilder(resource.name() + " role:" + resource.role().word() + "\n");
            for (VolumeStatus volume : resource.volumes()) {
                out.append("  volume:").append(volume.volume()).append(" disk:").append(volume.disk().word()).append('\n');
            }
            for (PeerStatus peer : resource.peers()) {
                out.append("  peer ").append(peer.name().orElse("?")).append(" connection:")
                        .append(peer.connection().word()).append(" role:").append(peer.role().word()).append('\n');
                for (PeerVolumeStatus volume : peer.volumes()) {
                    out.append("    volume:").append(volume.volume()).append(" replication:")
                            .append(volume.replication().word()).append(" peer-disk:").append(volume.peerDisk().word());
                    volume.resync().ifPresent(resync -> out.append(String.format(" done:%.1f%%", resync.percentDone())));
                    out.append('\n');
                }
            }
            return out.toString();
        }

        private static ArrayNode toJson(List<ResourceStatus> resources) {
            ArrayNode array = MAPPER.createArrayNode();
            for (ResourceStatus resource : resources) {
                ObjectNode node = array.addObject();
                node.put("name", resource.name());
                node.put("role", resource.role().word());
                ArrayNode volumes = node.putArray("volumes");
                resource.volumes().forEach(volume -> volumes.addObject().put("volume", volume.volume())
                        .put("disk", volume.disk().word()));
                ArrayNode peers = node.putArray("peers");
                for (PeerStatus peer : resource.peers()) {
                    ObjectNode peerNode = peers.addObject();
                    peerNode.put("name", peer.name().orElse(null));
                    peerNode.put("connection", peer.connection().word());
                    peerNode.put("role", peer.role().word());
                    ArrayNode peerVolumes = peerNode.putArray("volumes");
                    for (PeerVolumeStatus volume : peer.volumes()) {
                        ObjectNode volumeNode = peerVolumes.addObject().put("volume", volume.volume())
                                .put("replication", volume.replication().word())
                                .put("peer_disk", volume.peerDisk().word());
                        volume.resync().ifPresent(resync -> volumeNode.put("percent_done", resync.percentDone()));
                    }
                }
            }
            return array;
        }
    }

    /**
     * {@code tandem drbd events}: DRBD's state as it changes, one line (or one JSON object) per change, from an
     * {@link Events2Monitor}. The monitor's thread hands the events over a queue; this command's thread prints them.
     */
    @Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Follow DRBD as it changes: one line per change of a resource's role, disk,",
                    "connection, peer or resync progress, read from 'drbdsetup events2'; the current",
                    "state comes first. A split brain gets a line of its own starting with",
                    "*** SPLIT BRAIN. A line that is not events2 as tandem knows it is shown as a",
                    "# comment and skipped. Runs until interrupted; when drbdsetup ends, it lists the",
                    "state again (events2 --now) and follows on, waiting longer after each quick end.",
                    "Exit 3 when this machine has no DRBD kernel module; exit 1 when drbdsetup",
                    "cannot be run."},
            footerHeading = "%nExamples:%n",
            footer = {"  tandem drbd events",
                    "  tandem drbd events img_server --json | jq 'select(.event == \"split_brain\")'"})
    static final class Events implements Callable<Integer> {

        @Parameters(index = "0", arity = "0..1", paramLabel = "RESOURCE",
                description = "Only this resource (default: all of them).")
        String resource;

        @Option(names = "--json", description = {"One JSON object per line (NDJSON); its \"event\" is",
                "resource_changed, resource_removed, split_brain, undecodable_line or",
                "events_process_ended."})
        boolean json;

        /** Tests run a stand-in for drbdsetup: the whole argv, one word per occurrence. */
        @Option(names = "--events2-argv", hidden = true, paramLabel = "WORD")
        List<String> events2Argv;

        @Override
        public Integer call() throws CommandFailure, IOException, InterruptedException {
            List<String> command = new ArrayList<>(Events2Monitor.DEFAULT_COMMAND);
            if (events2Argv != null) {
                command = events2Argv;
            } else if (resource != null) {
                command.set(command.size() - 1, resource); // in place of "all"
            }
            BlockingQueue<DrbdEvent> events = new LinkedBlockingQueue<>();
            try (Events2Monitor monitor = Events2Monitor.start(
                    Events2Monitor.Options.defaults().withCommand(command), events::add)) {
                // Interrupted or killed: the drbdsetup child goes with this process.
                Thread hook = new Thread(monitor::close, "tandem-drbd-events-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    return follow(events);
                } finally {
                    removeQuietly(hook);
                }
            }
        }

        private Integer follow(BlockingQueue<DrbdEvent> events) throws CommandFailure, IOException,
                InterruptedException {
            boolean readAnything = false;
            while (true) {
                DrbdEvent event = events.take();
                if (!concernsChosenResource(event)) {
                    continue;
                }
                if (event instanceof DrbdEvent.EventsProcessEnded ended) {
                    readAnything |= ended.linesRead() > 0;
                    Optional<CommandFailure> cannotRun = cannotRun(ended, readAnything);
                    if (cannotRun.isPresent()) {
                        // JSON readers get the event too; a person gets the message on stderr, not "restarting".
                        if (json) {
                            System.out.println(MAPPER.writeValueAsString(toJson(event)));
                        }
                        throw cannotRun.get();
                    }
                } else {
                    readAnything = true;
                }
                System.out.println(json ? MAPPER.writeValueAsString(toJson(event)) : describe(event));
            }
        }

        /** The ends after which following makes no sense: no kernel module, no drbdsetup, or not a line printed. */
        private static Optional<CommandFailure> cannotRun(DrbdEvent.EventsProcessEnded ended, boolean readAnything) {
            return switch (ended.cause()) {
                case NO_KERNEL_MODULE -> Optional.of(new CommandFailure(TandemCommand.EXIT_UNREACHABLE,
                        ended.description() + "; nothing to follow ('tandem drbd status --from FILE' reads a saved"
                                + " output)"));
                case COULD_NOT_START -> Optional.of(new CommandFailure(TandemCommand.EXIT_FAILED,
                        ended.description() + "; is drbd-utils installed and drbdsetup on the PATH?"));
                case EXITED -> readAnything ? Optional.empty() : Optional.of(new CommandFailure(
                        TandemCommand.EXIT_FAILED, "drbdsetup events2 cannot run: " + ended.description()));
            };
        }

        private boolean concernsChosenResource(DrbdEvent event) {
            if (resource == null) {
                return true;
            }
            return switch (event) {
                case DrbdEvent.ResourceChanged changed -> changed.status().name().equals(resource);
                case DrbdEvent.ResourceRemoved removed -> removed.resource().equals(resource);
                case DrbdEvent.SplitBrain splitBrain -> splitBrain.resource().equals(resource);
                case DrbdEvent.UndecodableLine undecodable -> true;
                case DrbdEvent.EventsProcessEnded ended -> true;
            };
        }

        private static void removeQuietly(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it closes the monitor.
            }
        }

        /** One line: {@code [TIMESTAMP ]RESOURCE role:R disk:D PEER connection:C role:R replication:R peer-disk:D}. */
        static String describe(DrbdEvent event) {
            return switch (event) {
                case DrbdEvent.ResourceChanged changed -> at(changed.timestamp()) + oneLine(changed.status());
                case DrbdEvent.ResourceRemoved removed -> at(removed.timestamp()) + removed.resource() + " removed";
                case DrbdEvent.SplitBrain splitBrain -> at(splitBrain.timestamp()) + "*** SPLIT BRAIN"
                        + (splitBrain.evidence() == DrbdEvent.Evidence.HANDLER_CALLED ? "" : " SUSPECTED") + " *** "
                        + splitBrain.description();
                case DrbdEvent.UndecodableLine undecodable -> "# line " + undecodable.lineNumber()
                        + " of drbdsetup events2 skipped (" + undecodable.reason() + "): " + undecodable.line();
                case DrbdEvent.EventsProcessEnded ended -> "# " + ended.description() + "; listing the state again in "
                        + HumanUnits.duration(ended.restartIn());
            };
        }

        private static String at(Optional<String> timestamp) {
            return timestamp.map(text -> text + " ").orElse("");
        }

        private static String oneLine(ResourceStatus resource) {
            StringBuilder line = new StringBuilder(resource.name()).append(" role:").append(resource.role().word());
            boolean oneVolume = resource.volumes().size() == 1;
            for (VolumeStatus volume : resource.volumes()) {
                if (!oneVolume) {
                    line.append(" volume:").append(volume.volume());
                }
                line.append(" disk:").append(volume.disk().word());
            }
            for (PeerStatus peer : resource.peers()) {
                line.append(" | ").append(peer.name().orElse("peer")).append(" connection:")
                        .append(peer.connection().word()).append(" role:").append(peer.role().word());
                for (PeerVolumeStatus volume : peer.volumes()) {
                    if (peer.volumes().size() > 1) {
                        line.append(" volume:").append(volume.volume());
                    }
                    line.append(" replication:").append(volume.replication().word()).append(" peer-disk:")
                            .append(volume.peerDisk().word());
                    volume.resync().ifPresent(resync -> line.append(
                            String.format(Locale.ROOT, " done:%.2f%%", resync.percentDone())));
                }
            }
            return line.toString();
        }

        static ObjectNode toJson(DrbdEvent event) {
            ObjectNode node = MAPPER.createObjectNode();
            switch (event) {
                case DrbdEvent.ResourceChanged changed -> {
                    node.put("event", "resource_changed").put("timestamp", changed.timestamp().orElse(null))
                            .put("resource", changed.status().name());
                    node.set("status", Status.toJson(List.of(changed.status())).get(0));
                }
                case DrbdEvent.ResourceRemoved removed -> node.put("event", "resource_removed")
                        .put("timestamp", removed.timestamp().orElse(null)).put("resource", removed.resource());
                case DrbdEvent.SplitBrain splitBrain -> node.put("event", "split_brain")
                        .put("timestamp", splitBrain.timestamp().orElse(null)).put("resource", splitBrain.resource())
                        .put("peer", splitBrain.peer())
                        .put("evidence", splitBrain.evidence().name().toLowerCase(Locale.ROOT))
                        .put("message", splitBrain.description());
                case DrbdEvent.UndecodableLine undecodable -> node.put("event", "undecodable_line")
                        .put("line_number", undecodable.lineNumber()).put("line", undecodable.line())
                        .put("reason", undecodable.reason()).put("undecodable_so_far", undecodable.undecodableSoFar());
                case DrbdEvent.EventsProcessEnded ended -> {
                    node.put("event", "events_process_ended")
                            .put("cause", ended.cause().name().toLowerCase(Locale.ROOT));
                    if (ended.exitCode().isPresent()) {
                        node.put("exit_code", ended.exitCode().getAsInt());
                    } else {
                        node.putNull("exit_code");
                    }
                    node.put("diagnostics", ended.diagnostics()).put("lines_read", ended.linesRead())
                            .put("restart_in_ms", ended.restartIn().toMillis()).put("message", ended.description());
                }
            }
            return node;
        }
    }
}
