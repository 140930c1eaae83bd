package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code on NAME { … }} section (or a {@code floating ip:port { … }} one, which selects the local half by address
 * instead of host name). The {@code on} whose name equals {@code uname -n} is the local half.
 */
public record Host(String name, boolean isFloating, Optional<Address> address, OptionalInt nodeId, List<Volume> volumes) {

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nodeId, "nodeId");
        volumes = List.copyOf(volumes);
    }
}
