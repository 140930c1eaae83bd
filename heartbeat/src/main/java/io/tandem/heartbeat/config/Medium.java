package io.tandem.heartbeat.config;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * A heartbeat path from ha.cf. {@code ucast} and {@code bcast} use ha.cf's {@code udpport}; {@code mcast} names
 * its own port (heartbeat's man page calls that "a specification error", but it is the syntax). A {@code bcast}
 * line with several interfaces gives one medium per interface, as in heartbeat.
 */
public sealed interface Medium permits Medium.Ucast, Medium.Bcast, Medium.Mcast, Medium.Serial {

    /** The interface or tty the medium sends on. */
    String device();

    /** {@code ucast <dev> <peer-ip>}: datagrams to one peer. heartbeat ignores a line that names its own address. */
    record Ucast(String device, Inet4Address peer) implements Medium {
        public Ucast {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(peer, "peer");
        }
    }

    /** {@code bcast <dev>...}: datagrams to the interface's broadcast address. */
    record Bcast(String device) implements Medium {
        public Bcast {
            Objects.requireNonNull(device, "device");
        }
    }

    /** {@code mcast <dev> <group> <port> <ttl> <loop>}. */
    record Mcast(String device, Inet4Address group, int port, int ttl, boolean loop) implements Medium {
        public Mcast {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(group, "group");
            if (port < 1 || port > 65535 || ttl < 1 || ttl > 255) {
                throw new IllegalArgumentException("mcast port 1-65535 and ttl 1-255, not " + port + " and " + ttl);
            }
        }
    }

    /**
     * {@code serial <tty>...}: kept so that the file reads as heartbeat reads it, but tandem speaks UDP only and
     * never opens the tty.
     */
    record Serial(String device) implements Medium {
        public Serial {
            Objects.requireNonNull(device, "device");
        }
    }
}
