package io.tandem.replicator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A whole, validated tandem configuration. Immutable: a running replicator never sees it change.
 *
 * @param name the instance name ({@code [replicator] name})
 * @param loopPrevention how applied writes are kept from bouncing back
 * @param metadataSchema tandem's schema on each target (checkpoints, skip log), never replicated
 * @param servers every {@code [server NAME]}, in file order
 * @param channels every {@code [channel NAME]}, in file order
 * @param warnings things that are allowed but worth an operator's attention, already worded for a log
 * @param origin where it came from, as problems name it: the file path, or a description for a built config
 * @param admin the admin HTTP endpoint (status and metrics)
 */
public record ReplicatorConfig(
        String name,
        LoopPrevention loopPrevention,
        String metadataSchema,
        SequencedMap<String, ServerConfig> servers,
        List<ChannelConfig> channels,
        List<String> warnings,
        String origin,
        AdminConfig admin) {

    public ReplicatorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loopPrevention, "loopPrevention");
        Objects.requireNonNull(metadataSchema, "metadataSchema");
        servers = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(servers));
        channels = List.copyOf(channels);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(admin, "admin");
    }

    /** A configuration with the default admin endpoint (loopback, port {@value AdminConfig#DEFAULT_PORT}, no token). */
    public ReplicatorConfig(String name, LoopPrevention loopPrevention, String metadataSchema,
            SequencedMap<String, ServerConfig> servers, List<ChannelConfig> channels, List<String> warnings,
            String origin) {
        this(name, loopPrevention, metadataSchema, servers, channels, warnings, origin, AdminConfig.DEFAULT);
    }

    /** A builder for configurations made in code (tests, the demo); it validates exactly as a file is validated. */
    public static ConfigBuilder builder() {
        return new ConfigBuilder();
    }

    public ServerConfig server(String serverName) {
        ServerConfig server = servers.get(serverName);
        if (server == null) {
            throw new IllegalArgumentException("no server named " + serverName + "; servers: " + servers.keySet());
        }
        return server;
    }

    public Optional<ChannelConfig> channel(String channelName) {
        return channels.stream().filter(channel -> channel.name().equals(channelName)).findFirst();
    }
}
