package io.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.drbd.command.CommandPlan;
import io.tandem.drbd.command.CommandPlanner;
import io.tandem.drbd.command.Intent;
import io.tandem.drbd.config.Dialect;
import io.tandem.drbd.status.DrbdadmStatusParser;
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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tandem drbd}: where DRBD resources stand, and the drbdadm commands an intent takes, per dialect. */
@Command(name = "drbd", mixinStandardHelpOptions = true,
        description = {"DRBD: where each resource stands (status) and which drbdadm commands an intent",
                "takes in a given DRBD dialect (plan); carry an intent out on this node, guarded by",
                "the same safety checks as the failover daemon (run)."},
        subcommands = {DrbdCommand.Plan.class, DrbdCommand.Status.class, DrbdRunCommand.class,
                DrbdFencePeerCommand.class})
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
}
