package io.tandem.drbd.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named block such as {@code net}, {@code disk}, {@code startup}, {@code handlers}, {@code syncer} or
 * {@code options}, with its options in file order. Options tandem does not know are kept, so writing the model back
 * loses nothing. {@code arguments} holds the words between the name and the brace ({@code connection-mesh} has none,
 * a DRBD 9 {@code connection} may have a name); {@code subsections} holds nested blocks ({@code connection { path {} }}).
 */
public record Section(String name, List<String> arguments, List<Option> options, List<Section> subsections) {

    public Section {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
        options = List.copyOf(options);
        subsections = List.copyOf(subsections);
    }

    public Section(String name, List<Option> options) {
        this(name, List.of(), options, List.of());
    }

    /** The value of the first option with this name, if present. */
    public Optional<String> value(String optionName) {
        return options.stream().filter(option -> option.name().equals(optionName)).map(Option::value).findFirst();
    }
}
