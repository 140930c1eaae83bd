package io.tandem.cli;

import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.checkpoint.SkippedEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the events a channel skipped by rule, from tandem.skipped on its target. */
@Command(name = "skipped", mixinStandardHelpOptions = true,
        description = "List the events a channel skipped by rule (slave-skip-errors, idempotent mode), oldest first.")
final class SkippedCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "tandem configuration.")
    Path config;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "Channel name.")
    String channel;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print one JSON object per line, for programs.")
    boolean json;

    @Override
    public Integer call() throws CommandFailure {
        CheckpointCommand.Target target = CheckpointCommand.target(Configs.load(config), channel);
        try (Connection connection = target.connect()) {
            List<SkippedEvent> skipped = new CheckpointStore(target.config().metadataSchema())
                    .skipped(connection, channel, limit);
            for (SkippedEvent event : skipped) {
                if (json) {
                    System.out.println("{\"binlog_file\":" + Json.string(event.at().file()) + ",\"binlog_position\":"
                            + event.at().position() + ",\"gtid\":" + Json.string(event.gtid() == null ? null
                            : event.gtid().toString()) + ",\"rule\":" + Json.string(event.rule()) + ",\"error_code\":"
                            + event.errorCode() + ",\"error_message\":" + Json.string(event.errorMessage())
                            + ",\"statement\":" + Json.string(event.statement()) + "}");
                } else {
                    System.out.printf("%s  GTID %s  %s  error %d: %s%n    %s%n", event.at(),
                            event.gtid() == null ? "-" : event.gtid(), event.rule(), event.errorCode(),
                            event.errorMessage(), event.statement());
                }
            }
            if (!json) {
                System.out.println(skipped.size() + " skipped event(s) shown for channel " + channel);
            }
            return 0;
        } catch (SQLException e) {
            System.err.println("cannot read " + target.config().metadataSchema() + ".skipped on "
                    + target.server().address() + ": " + e.getMessage());
            return TandemCommand.EXIT_UNREACHABLE;
        }
    }
}
