package io.tandem.heartbeat.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource of an haresources group: a script from {@code /etc/ha.d/resource.d} or {@code /etc/init.d}, run as
 * {@code <script> [args...] start|stop|status}.
 *
 * @param name the script name: {@code IPaddr} for a bare address
 * @param arguments the {@code ::}-separated arguments, passed before the action
 * @param token the resource exactly as written in haresources ({@code 10.0.0.1/24/eth0}, {@code
 *     Filesystem::/dev/drbd0::/data::ext4}); for the first resource of a group it is the group's key on the wire
 */
public record ResourceSpec(String name, List<String> arguments, String token) {

    public ResourceSpec {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(token, "token");
    }

    /** Whether this is an address resource ({@code IPaddr} or {@code IPaddr2}) whose argument is a {@link VirtualIp}. */
    public boolean isVirtualIp() {
        return (name.equals("IPaddr") || name.equals("IPaddr2")) && arguments.size() == 1;
    }

    /** The address of an {@code IPaddr}/{@code IPaddr2} resource; parsing was checked when the file was read. */
    public Optional<VirtualIp> virtualIp() {
        return isVirtualIp() ? Optional.of(VirtualIp.parse(arguments.get(0))) : Optional.empty();
    }

    /** {@code IPaddr::10.0.0.1/24/eth0}: the resource with its script name spelled out, as ResourceManager does. */
    public String canonical() {
        return arguments.isEmpty() ? name : name + "::" + String.join("::", arguments);
    }
}
