package io.tandem.heartbeat.config;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * A pseudo-node probed with ICMP echo to judge this node's own connectivity (protocol notes, section 12). It never
 * holds resources; with tandem.cf's {@code ping_quorum on} it is also a tie-breaker.
 */
public sealed interface PingTarget permits PingTarget.Node, PingTarget.Group {

    /** The name heartbeat gives the pseudo-node: the address for {@code ping}, the group name for {@code ping_group}. */
    String name();

    /** {@code ping <ip>...}: each address is its own pseudo-node. */
    record Node(Inet4Address address) implements PingTarget {
        public Node {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String name() {
            return address.getHostAddress();
        }
    }

    /** {@code ping_group <name> <ip>...}: one pseudo-node, alive while any member answers. */
    record Group(String name, List<Inet4Address> members) implements PingTarget {
        public Group {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
            if (members.isEmpty()) {
                throw new IllegalArgumentException("ping_group " + name + " needs at least one address");
            }
        }
    }
}
