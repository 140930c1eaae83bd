package io.tandem.cli;

import io.tandem.replicator.apply.TargetSession;
import io.tandem.replicator.checkpoint.Checkpoint;
import io.tandem.replicator.checkpoint.CheckpointStore;
import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ReplicatorConfig;
import io.tandem.replicator.config.ServerConfig;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shows or sets a channel's checkpoint, the row on the target that says where the channel resumes. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Show or set where a channel resumes (its checkpoint row on the target).",
        subcommands = {CheckpointCommand.Show.class, CheckpointCommand.Set.class})
final class CheckpointCommand {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "tandem configuration.")
    Path config;

    @Option(names = "--channel", required = true, paramLabel = "NAME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Channel name, as in its [channel NAME] section.")
    String channel;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the channel's checkpoint.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        CheckpointCommand parent;

        @Option(names = "--json", description = "Print JSON for programs.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Target target = parent.target();
            try (Connection connection = target.connect()) {
                Optional<Checkpoint> checkpoint = new CheckpointStore(target.config().metadataSchema())
                        .load(connection, parent.channel);
                if (json) {
                    System.out.println(checkpoint.map(CheckpointCommand::json).orElse("{\"channel\":"
                            + Json.string(parent.channel) + ",\"checkpoint\":null}"));
                } else if (checkpoint.isEmpty()) {
                    System.out.println(parent.channel + ": no checkpoint yet (the channel will start at its configured"
                            + " start position)");
                } else {
                    Checkpoint c = checkpoint.get();
                    System.out.printf("%s: resumes at %s (GTID position %s), last GTID %s, source server id %d,"
                            + " %d transactions applied%n", c.channel(), c.position(), c.gtidPosition(),
                            c.lastGtid() == null ? "-" : c.lastGtid(), c.sourceServerId(), c.transactions());
                }
                return 0;
            } catch (SQLException e) {
                System.err.println("cannot read the checkpoint on " + target.server().address() + ": " + e.getMessage());
                return TandemCommand.EXIT_UNREACHABLE;
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set where the channel resumes, after reseeding the target from the source.",
                    "Stop the channel first: a running channel overwrites the row with its own progress."})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        CheckpointCommand parent;

        @Option(names = "--position", required = true, paramLabel = "FILE:POS",
                description = "Source binlog position the target's data corresponds to (from mariadb-dump --master-data"
                        + " or mariabackup's xtrabackup_binlog_info).")
        String position;

        @Option(names = "--gtid", paramLabel = "D-S-N,...", description = "GTID position at the same point (optional).")
        String gtid;

        @Override
        public Integer call() throws Exception {
            Target target = parent.target();
            BinlogPosition at;
            GtidPosition gtidPosition;
            try {
                at = BinlogPosition.parse(position);
                gtidPosition = gtid == null ? GtidPosition.EMPTY : GtidPosition.parse(gtid);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return TandemCommand.EXIT_USAGE;
            }
            long sourceServerId;
            try (Connection source = connect(target.source())) {
                sourceServerId = serverId(source);
            } catch (SQLException e) {
                System.err.println("cannot reach the source " + target.source().address() + ": " + e.getMessage());
                return TandemCommand.EXIT_UNREACHABLE;
            }
            try (Connection connection = target.connect()) {
                TargetSession.resetIdentity(connection);
                CheckpointStore store = new CheckpointStore(target.config().metadataSchema());
                store.prepare(connection, parent.channel, sourceServerId);
                long transactions = store.load(connection, parent.channel).map(Checkpoint::transactions).orElse(0L);
                store.writeWithin(connection, new Checkpoint(parent.channel, sourceServerId, at, gtidPosition, null, 0,
                        null, transactions, io.tandem.replicator.checkpoint.AnnouncedStatements.NONE), false);
                System.out.println(parent.channel + ": will resume at " + at
                        + (gtidPosition.isEmpty() ? "" : " (GTID position " + gtidPosition + ")"));
                return 0;
            } catch (SQLException e) {
                System.err.println("cannot write the checkpoint on " + target.server().address() + ": " + e.getMessage());
                return TandemCommand.EXIT_UNREACHABLE;
            }
        }
    }

    /** The configuration, channel and servers the subcommands work on. */
    record Target(ReplicatorConfig config, ChannelConfig channel, ServerConfig server, ServerConfig source) {
        Connection connect() throws SQLException {
            return CheckpointCommand.connect(server);
        }
    }

    /**
     * Loads the configuration and finds the channel.
     *
     * @throws CommandFailure exit 2 when the configuration is invalid, 5 when it has no such channel
     */
    Target target() throws CommandFailure {
        return target(Configs.load(config), channel);
    }

    static Target target(ReplicatorConfig loaded, String channel) throws CommandFailure {
        ChannelConfig found = Configs.channel(loaded, channel);
        return new Target(loaded, found, loaded.server(found.target()), loaded.server(found.source()));
    }

    static Connection connect(ServerConfig server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password().reveal());
        properties.setProperty("connectTimeout", "5000");
        return DriverManager.getConnection("jdbc:mariadb://" + server.host() + ":" + server.port() + "/", properties);
    }

    private static long serverId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT @@server_id")) {
            row.next();
            return row.getLong(1);
        }
    }

    static String json(Checkpoint c) {
        return "{\"channel\":" + Json.string(c.channel()) + ",\"checkpoint\":{\"binlog_file\":"
                + Json.string(c.position().file()) + ",\"binlog_position\":" + c.position().position()
                + ",\"gtid_position\":" + Json.string(c.gtidPosition().toString()) + ",\"last_gtid\":"
                + (c.lastGtid() == null ? "null" : Json.string(c.lastGtid().toString())) + ",\"source_server_id\":"
                + c.sourceServerId() + ",\"transactions\":" + c.transactions() + "}}";
    }
}
