package io.tandem.drbd.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link DrbdConfig} as one file in one dialect, placing each option where that dialect's drbdadm wants
 * it (see {@link OptionPlacement}):
 *
 * <ul>
 *   <li>8.3: {@code protocol} at resource or common level, {@code syncer { rate }}, device/disk/meta-disk in each
 *       {@code on}, bare flags;
 *   <li>8.4: {@code net { protocol }}, {@code disk { resync-rate }}, shared volume lines at resource level;
 *   <li>9: as 8.4 plus {@code fencing} in {@code net}, {@code volume N { device minor N; }} and a {@code node-id} in
 *       every {@code on} (drbdadm 9 refuses a host without one).
 * </ul>
 */
public final class DrbdConfigEmitter {

    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z0-9_./:@+,=\\[\\]-]+");
    private static final String INDENT = "    ";

    private final Dialect dialect;
    private final List<String> inexpressible = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    private DrbdConfigEmitter(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * @throws IllegalArgumentException naming every part the dialect cannot express (volumes in 8.3, connection
     *     sections before 9, {@code auto-promote yes} before 9, unknown {@code options} in 8.3)
     */
    public static String emit(DrbdConfig config, Dialect dialect) {
        DrbdConfigEmitter emitter = new DrbdConfigEmitter(dialect);
        emitter.writeConfig(config);
        if (!emitter.inexpressible.isEmpty()) {
            throw new IllegalArgumentException("cannot write this configuration in the " + dialect + " dialect:\n  "
                    + String.join("\n  ", emitter.inexpressible));
        }
        return emitter.out.toString();
    }

    private void writeConfig(DrbdConfig config) {
        if (!config.global().isEmpty()) {
            out.append("global {\n");
            config.global().forEach(option -> writeOption(1, option));
            out.append("}\n\n");
        }
        CommonSection common = config.common();
        if (common.protocol().isPresent() || !common.sections().isEmpty()) {
            out.append("common {\n");
            writeSections(1, "common", common.protocol(), common.sections());
            out.append("}\n\n");
        }
        config.resources().forEach(this::writeResource);
    }

    private void writeSections(int depth, String where, Optional<String> protocol, List<Section> sections) {
        Map<String, List<Option>> placed = new LinkedHashMap<>();
        if (protocol.isPresent() && dialect != Dialect.V83) {
            placed.computeIfAbsent("net", name -> new ArrayList<>()).add(new Option("protocol", protocol.get()));
        }
        for (Section section : sections) {
            placed.computeIfAbsent(section.name(), name -> new ArrayList<>());
            for (Option option : section.options()) {
                Optional<OptionPlacement.Placed> target = OptionPlacement.place(section.name(), option, dialect);
                if (target.isEmpty()) {
                    inexpressible.add(where + ": " + section.name() + " { " + option.name() + " " + option.value() + "; }");
                } else {
                    placed.computeIfAbsent(target.get().section(), name -> new ArrayList<>()).addAll(target.get().options());
                }
            }
        }
        if (protocol.isPresent() && dialect == Dialect.V83) {
            line(depth, "protocol " + protocol.get() + ";");
        }
        placed.forEach((name, options) -> {
            if (!options.isEmpty()) {
                line(depth, name + " {");
                options.forEach(option -> writeOption(depth + 1, option));
                line(depth, "}");
            }
        });
    }

    private void writeResource(Resource resource) {
        out.append("resource ").append(quoted(resource.name())).append(" {\n");
        writeSections(1, "resource " + resource.name(), resource.protocol(), resource.sections());
        List<List<Volume>> perHost = resource.hosts().stream().map(resource::volumesOn).toList();
        boolean shared = dialect != Dialect.V83 && !perHost.isEmpty() && perHost.stream().distinct().count() == 1;
        if (shared) {
            perHost.getFirst().forEach(volume -> writeVolume(1, volume));
        }
        List<Integer> nodeIds = nodeIds(resource);
        for (int index = 0; index < resource.hosts().size(); index++) {
            Host host = resource.hosts().get(index);
            String opener = host.isFloating()
                    ? "floating " + host.address().map(Address::toString).orElse(host.name())
                    : "on " + quoted(host.name());
            line(1, opener + " {");
            if (dialect == Dialect.V9) {
                line(2, "node-id " + nodeIds.get(index) + ";");
            }
            if (!host.isFloating()) {
                host.address().ifPresent(address -> line(2, "address " + address + ";"));
            }
            if (!shared) {
                perHost.get(index).forEach(volume -> writeVolume(2, volume));
            }
            line(1, "}");
        }
        for (Section connection : resource.connections()) {
            if (dialect == Dialect.V9) {
                writeNested(1, connection);
            } else {
                inexpressible.add("resource " + resource.name() + ": " + connection.name() + " sections exist only in drbd 9");
            }
        }
        out.append("}\n\n");
    }

    /** The node ids as written, and for hosts without one the lowest ids not taken, in host order. */
    private static List<Integer> nodeIds(Resource resource) {
        Set<Integer> taken = new HashSet<>();
        resource.hosts().forEach(host -> host.nodeId().ifPresent(taken::add));
        List<Integer> ids = new ArrayList<>();
        int next = 0;
        for (Host host : resource.hosts()) {
            OptionalInt own = host.nodeId();
            if (own.isPresent()) {
                ids.add(own.getAsInt());
            } else {
                while (taken.contains(next)) {
                    next++;
                }
                taken.add(next);
                ids.add(next);
            }
        }
        return ids;
    }

    private void writeVolume(int depth, Volume volume) {
        boolean implicit = dialect != Dialect.V9 && volume.number() == 0;
        if (dialect == Dialect.V83 && volume.number() != 0) {
            inexpressible.add("volume " + volume.number() + ": 8.3 has one volume per resource");
            return;
        }
        int inner = implicit ? depth : depth + 1;
        if (!implicit) {
            line(depth, "volume " + volume.number() + " {");
        }
        volume.device().ifPresent(device -> line(inner, "device " + deviceText(device) + ";"));
        volume.disk().ifPresent(disk -> line(inner, "disk " + quoted(disk) + ";"));
        volume.metaDisk().ifPresent(metaDisk -> line(inner, metaDiskText(metaDisk) + ";"));
        if (!implicit) {
            line(depth, "}");
        }
    }

    private String deviceText(Device device) {
        return dialect == Dialect.V9 && device.hasDefaultPath()
                ? "minor " + device.minor()
                : quoted(device.path()) + " minor " + device.minor();
    }

    private String metaDiskText(MetaDisk metaDisk) {
        return switch (metaDisk) {
            case MetaDisk.Internal internal -> "meta-disk internal";
            case MetaDisk.External(String device, OptionalInt index) when index.isPresent() ->
                "meta-disk " + quoted(device) + " [" + index.getAsInt() + "]";
            case MetaDisk.External(String device, OptionalInt index) ->
                (dialect == Dialect.V83 ? "flexible-meta-disk " : "meta-disk ") + quoted(device);
        };
    }

    private void writeNested(int depth, Section section) {
        List<String> head = new ArrayList<>(List.of(section.name()));
        section.arguments().forEach(argument -> head.add(quoted(argument)));
        line(depth, String.join(" ", head) + " {");
        section.options().forEach(option -> writeOption(depth + 1, option));
        section.subsections().forEach(subsection -> writeNested(depth + 1, subsection));
        line(depth, "}");
    }

    private void writeOption(int depth, Option option) {
        StringBuilder text = new StringBuilder(option.name());
        option.values().forEach(value -> text.append(' ').append(quoted(value)));
        line(depth, text.append(';').toString());
    }

    private void line(int depth, String text) {
        out.append(INDENT.repeat(depth)).append(text).append('\n');
    }

    static String quoted(String value) {
        if (BARE_WORD.matcher(value).matches()) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
