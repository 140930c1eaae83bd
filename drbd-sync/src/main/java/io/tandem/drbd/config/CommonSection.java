package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code common { … }} block: defaults every resource inherits. Protocol lifted out as in {@link Resource}. */
public record CommonSection(Optional<String> protocol, List<Section> sections) {

    public static final CommonSection EMPTY = new CommonSection(Optional.empty(), List.of());

    public CommonSection {
        Objects.requireNonNull(protocol, "protocol");
        sections = List.copyOf(sections);
    }

    public Optional<Section> section(String sectionName) {
        return sections.stream().filter(section -> section.name().equals(sectionName)).findFirst();
    }
}
