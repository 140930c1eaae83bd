package io.tandem.drbd.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SequencedMap;

/**
 * tandem's own description of a two-node resource, the few things an operator decides. {@link #toConfig()} turns it
 * into a model that {@link DrbdConfigEmitter} writes in any dialect; options are given under their 8.4 names
 * ({@code resync-rate}, {@code fencing} in disk) and the emitter moves them for 8.3 and 9.
 *
 * @param netOptions e.g. {@code after-sb-0pri discard-zero-changes}, {@code cram-hmac-alg sha1}
 * @param diskOptions e.g. {@code on-io-error detach}
 * @param fencing e.g. {@code resource-only}; DRBD then needs a fence-peer handler, or every failover is refused
 * @param resyncRate e.g. {@code 100M}
 */
public record ResourceSpec(
        String name,
        String protocol,
        HostSpec first,
        HostSpec second,
        SequencedMap<String, String> netOptions,
        SequencedMap<String, String> diskOptions,
        Optional<String> fencing,
        Optional<String> resyncRate) {

    /** One node: its {@code uname -n}, replication address, backing disk, DRBD minor and metadata placement. */
    public record HostSpec(String name, String ip, int port, String disk, int minor, MetaDisk metaDisk) {
        public HostSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(disk, "disk");
            Objects.requireNonNull(metaDisk, "metaDisk");
        }
    }

    public ResourceSpec {
        Objects.requireNonNull(name, "name");
        if (!List.of("A", "B", "C").contains(protocol)) {
            throw new IllegalArgumentException("protocol must be A, B or C, got " + protocol);
        }
        if (first.name().equals(second.name())) {
            throw new IllegalArgumentException("the two hosts need different names, both are " + first.name());
        }
        netOptions = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(netOptions));
        diskOptions = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(diskOptions));
        Objects.requireNonNull(fencing, "fencing");
        Objects.requireNonNull(resyncRate, "resyncRate");
    }

    /** A configuration with this one resource, node ids 0 and 1 in host order, and no global or common section. */
    public DrbdConfig toConfig() {
        List<Option> net = new ArrayList<>();
        netOptions.forEach((option, value) -> net.add(new Option(option, value)));
        List<Option> disk = new ArrayList<>();
        diskOptions.forEach((option, value) -> disk.add(new Option(option, value)));
        fencing.ifPresent(policy -> disk.add(new Option("fencing", policy)));
        resyncRate.ifPresent(rate -> disk.add(new Option("resync-rate", rate)));
        List<Section> sections = new ArrayList<>();
        if (!net.isEmpty()) {
            sections.add(new Section("net", net));
        }
        if (!disk.isEmpty()) {
            sections.add(new Section("disk", disk));
        }
        Resource resource = new Resource(name, Optional.of(protocol), sections, List.of(),
                List.of(host(first, 0), host(second, 1)), List.of());
        return new DrbdConfig(List.of(), CommonSection.EMPTY, List.of(resource));
    }

    private static Host host(HostSpec spec, int nodeId) {
        Volume volume = Volume.of(0, Device.minor(spec.minor()), spec.disk(), spec.metaDisk());
        return new Host(spec.name(), false, Optional.of(Address.ipv4(spec.ip(), spec.port())),
                OptionalInt.of(nodeId), List.of(volume));
    }
}
