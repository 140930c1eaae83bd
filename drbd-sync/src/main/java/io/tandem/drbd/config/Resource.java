package io.tandem.drbd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code resource NAME { … }}. The protocol is lifted out of wherever the file put it (8.3: resource level, 8.4
 * and 9: {@code net}); every other option stays in the section it was written in, so a model read from an 8.3 file
 * still has {@code syncer { rate }} until it is written in another dialect.
 *
 * @param volumes the volumes given at resource level, the defaults for every host
 * @param connections DRBD 9 {@code connection} and {@code connection-mesh} blocks, kept as written
 */
public record Resource(
        String name,
        Optional<String> protocol,
        List<Section> sections,
        List<Volume> volumes,
        List<Host> hosts,
        List<Section> connections) {

    public Resource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        sections = List.copyOf(sections);
        volumes = List.copyOf(volumes);
        hosts = List.copyOf(hosts);
        connections = List.copyOf(connections);
    }

    public Optional<Host> host(String hostName) {
        return hosts.stream().filter(host -> host.name().equals(hostName)).findFirst();
    }

    public Optional<Section> section(String sectionName) {
        return sections.stream().filter(section -> section.name().equals(sectionName)).findFirst();
    }

    /**
     * The volumes as drbdadm sees them on {@code host}: resource-level volumes completed or overridden by the host's
     * own lines, by volume number, in number order.
     */
    public List<Volume> volumesOn(Host host) {
        Map<Integer, Volume> byNumber = new LinkedHashMap<>();
        volumes.forEach(volume -> byNumber.put(volume.number(), volume));
        for (Volume own : host.volumes()) {
            Volume defaults = byNumber.get(own.number());
            byNumber.put(own.number(), defaults == null ? own : own.completedFrom(defaults));
        }
        List<Volume> merged = new ArrayList<>(byNumber.values());
        merged.sort((left, right) -> Integer.compare(left.number(), right.number()));
        return List.copyOf(merged);
    }
}
