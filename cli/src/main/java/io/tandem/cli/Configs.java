package io.tandem.cli;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.ConfigLoader;
import io.tandem.replicator.config.InvalidConfigurationException;
import io.tandem.replicator.config.ReplicatorConfig;
import java.nio.file.Path;

/** Loading a configuration and finding a channel in it, with the exit codes every command uses for both. */
final class Configs {

    private Configs() {}

    /** @throws CommandFailure exit 2 with every problem of the file */
    static ReplicatorConfig load(Path file) throws CommandFailure {
        try {
            return ConfigLoader.load(file);
        } catch (InvalidConfigurationException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, e.getMessage());
        }
    }

    /** @throws CommandFailure exit 5 naming the channels the configuration has */
    static ChannelConfig channel(ReplicatorConfig config, String name) throws CommandFailure {
        return config.channel(name).orElseThrow(() -> new CommandFailure(TandemCommand.EXIT_UNKNOWN_CHANNEL,
                "unknown channel " + name + ": no [channel " + name + "] in " + config.origin() + "; channels: "
                        + String.join(", ", config.channels().stream().map(ChannelConfig::name).toList())));
    }
}
