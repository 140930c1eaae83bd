package io.tandem.replicator.config;

import io.tandem.common.Secret;
import io.tandem.replicator.event.TableId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a configuration in code, line by line under the same keys as the file, and validates it
 * exactly as {@link ConfigLoader} validates a file: same settings, same problems, same messages
 * (without line numbers). Made by {@link ReplicatorConfig#builder()}.
 *
 * <pre>{@code
 * ReplicatorConfig config = ReplicatorConfig.builder()
 *         .set("name", "demo")
 *         .server("db1", s -> s.set("host", "127.0.0.1").set("port", 3306).set("user", "root"))
 *         .server("db2", s -> s.set("host", "127.0.0.1").set("port", 3307).set("user", "root"))
 *         .channel("db1-to-db2", c -> c.set("source", "db1").set("target", "db2").set("replicate-do-db", "felix"))
 *         .channel("db2-to-db1", c -> c.set("source", "db2").set("target", "db1").set("replicate-do-db", "felix"))
 *         .build();
 * }</pre>
 *
 * <p>A value is written as its text; a {@link Secret} as its clear text, a {@link Duration} in
 * milliseconds, and a collection as one line per element (the way list settings accumulate).
 */
public final class ConfigBuilder {

    private final IniFile file = new IniFile();
    private IniFile.Section replicator;
    private String origin = "configuration built in code";
    private int line;

    ConfigBuilder() {}

    /** One line in {@code [replicator]}. */
    public ConfigBuilder set(String key, Object value) {
        if (replicator == null) {
            replicator = file.addSection("replicator", "", ++line);
        }
        add(replicator, key, value);
        return this;
    }

    /** A {@code [server NAME]} section with the lines {@code lines} adds. */
    public ConfigBuilder server(String name, Consumer<SectionLines> lines) {
        lines.accept(new SectionLines(file.addSection("server", name, ++line)));
        return this;
    }

    /** A {@code [channel NAME]} section with the lines {@code lines} adds. */
    public ConfigBuilder channel(String name, Consumer<SectionLines> lines) {
        lines.accept(new SectionLines(file.addSection("channel", name, ++line)));
        return this;
    }

    /** How problems name this configuration (default: "configuration built in code"). */
    public ConfigBuilder origin(String description) {
        this.origin = Objects.requireNonNull(description, "description");
        return this;
    }

    /** @throws InvalidConfigurationException listing every problem, as for a file */
    public ReplicatorConfig build() throws InvalidConfigurationException {
        ProblemList problems = new ProblemList(origin, false);
        return new ConfigBinder(origin, file, problems, Path.of("")).bind();
    }

    /** The lines of one section. */
    public final class SectionLines {
        private final IniFile.Section section;

        private SectionLines(IniFile.Section section) {
            this.section = section;
        }

        /** {@code key = value}; a collection adds one line per element. */
        public SectionLines set(String key, Object value) {
            add(section, key, value);
            return this;
        }

        /** A bare key, as {@code log-slave-updates} on its own line. */
        public SectionLines flag(String key) {
            section.entries().add(new IniFile.Entry(key, IniFile.normalizeKey(key), null, ++line));
            return this;
        }
    }

    private void add(IniFile.Section section, String key, Object value) {
        Objects.requireNonNull(value, () -> key + ": value is null; use flag(key) for a bare key");
        if (value instanceof Collection<?> values) {
            for (Object element : values) {
                add(section, key, element);
            }
            return;
        }
        section.entries().add(new IniFile.Entry(key, IniFile.normalizeKey(key), text(value), ++line));
    }

    private static String text(Object value) {
        return switch (value) {
            case Secret secret -> secret.reveal();
            case Duration duration -> duration.toMillis() + "ms";
            case TableId table -> table.toString();
            default -> String.valueOf(value);
        };
    }
}
