package io.tandem.cli;

import io.tandem.replicator.admin.OfflineStatus;
import io.tandem.replicator.admin.StatusJson;
import io.tandem.replicator.admin.StatusReport;
import io.tandem.replicator.config.ReplicatorConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tandem status}: every channel's state, lag and position, from the running service's admin endpoint, or
 * offline from the checkpoints on the targets and the sources' binlogs.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show each channel's state, lag, bytes behind and positions (what SHOW SLAVE STATUS shows).",
                "Asks the running service (GET /v1/status on its admin endpoint); with --offline, reads each",
                "target's checkpoint and each source's binlogs instead, without the service.",
                "Lag is the age, now, of the oldest source transaction the channel has not finished; 0 when it",
                "has finished everything the source has written.",
                "Exits 0 whatever the channels' states (a report, not a health check) unless --check is given."},
        footerHeading = "%nExamples:%n",
        footer = {"  tandem status -c /etc/tandem/tandem.cnf",
                "  tandem status --url http://127.0.0.1:8470 --channel db1-to-db2 --json",
                "  tandem status --offline -c /etc/tandem/tandem.cnf"})
final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "tandem configuration: where the admin endpoint listens ([replicator] admin-listen) and its"
                    + " token; with --offline, the servers and channels.")
    Path config;

    @Mixin
    AdminEndpointOptions service = new AdminEndpointOptions();

    @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel.")
    String channel;

    @Option(names = "--json", description = "Print the status document (format " + StatusReport.FORMAT
            + ", schema status-v1.schema.json) instead of the table.")
    boolean json;

    @Option(names = "--check", description = "Exit 1 unless every channel shown is running (online only).")
    boolean check;

    @Option(names = "--offline",
            description = "Do not ask the service: read each target's checkpoint and each source's binlogs (needs -c)."
                    + " State is then unknown.")
    boolean offline;

    @Option(names = "--peek-server-id", paramLabel = "ID",
            description = "With --offline: replica server id used to look at a source's binlog after the checkpoint"
                    + " (default: 3000000000 + the channel's reader-server-id modulo 1000000000, past any id the"
                    + " configuration uses; never the channel's own id, which would disconnect a running channel).")
    Long peekServerId;

    @Override
    public Integer call() throws CommandFailure, InterruptedException {
        StatusReport report;
        int exitCode = TandemCommand.EXIT_OK;
        String unreachable = null;
        if (offline) {
            OfflineStatus.Outcome outcome = offlineReport();
            report = outcome.report();
            if (outcome.isAnyUnreachable()) {
                exitCode = TandemCommand.EXIT_UNREACHABLE;
                unreachable = String.join(", ", outcome.unreachable());
            }
        } else {
            if (peekServerId != null) {
                throw new CommandFailure(TandemCommand.EXIT_USAGE, "--peek-server-id is for --offline");
            }
            AdminEndpoint endpoint = service.resolve(config);
            try (AdminClient client = new AdminClient(endpoint, "Is tandem running (tandem run) with that"
                    + " admin-listen? Without the service: tandem status --offline -c FILE")) {
                report = client.status(channel);
            }
        }
        System.out.print(json ? StatusJson.write(report) : StatusTable.render(report));
        System.out.flush();
        if (unreachable != null) {
            System.err.println("could not reach server(s) " + unreachable + "; the channels above show what could"
                    + " still be read");
        }
        if (check && exitCode == TandemCommand.EXIT_OK) {
            List<String> notRunning = report.channels().stream().filter(c -> !"running".equals(c.state()))
                    .map(c -> c.name() + " (" + c.state() + ")").toList();
            if (!notRunning.isEmpty()) {
                System.err.println("--check: not running: " + String.join(", ", notRunning));
                exitCode = TandemCommand.EXIT_FAILED;
            }
        }
        return exitCode;
    }

    private OfflineStatus.Outcome offlineReport() throws CommandFailure, InterruptedException {
        if (config == null) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--offline needs the configuration: -c FILE");
        }
        if (check) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--check needs the running service: offline, whether"
                    + " a channel runs cannot be known");
        }
        if (service.isGiven()) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--url and --token-file are for asking the service;"
                    + " --offline does not ask it");
        }
        if (peekServerId != null && (peekServerId < 1 || peekServerId > 4_294_967_295L)) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, "--peek-server-id " + peekServerId + ": a server id is"
                    + " from 1 to 4294967295");
        }
        ReplicatorConfig loaded = Configs.load(config);
        OfflineStatus status = new OfflineStatus(loaded, InstantSource.system());
        if (peekServerId != null) {
            status = status.withPeekServerId(peekServerId);
        }
        if (channel != null) {
            Configs.channel(loaded, channel);
            return status.report(channel);
        }
        return status.report();
    }
}
