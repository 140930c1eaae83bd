package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A whole DRBD configuration after includes: {@code global}, {@code common} and the resources in file order. */
public record DrbdConfig(List<Option> global, CommonSection common, List<Resource> resources) {

    public DrbdConfig {
        global = List.copyOf(global);
        Objects.requireNonNull(common, "common");
        resources = List.copyOf(resources);
    }

    public Optional<Resource> resource(String name) {
        return resources.stream().filter(resource -> resource.name().equals(name)).findFirst();
    }
}
