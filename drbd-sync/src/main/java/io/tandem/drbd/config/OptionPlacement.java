package io.tandem.drbd.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where each classic option lives in each dialect (drbd-notes §2.1), and how it is spelled there. Options not named
 * here stay in the section they were written in, under the same name.
 */
final class OptionPlacement {

    /** An option and the section it goes to; empty option list means "leave it out, the dialect's default is the same". */
    record Placed(String section, List<Option> options) {}

    /** Options that 8.3 keeps in syncer and later versions moved to disk. */
    private static final Set<String> SYNCER_TO_DISK =
            Set.of("al-extents", "c-plan-ahead", "c-delay-target", "c-fill-target", "c-max-rate", "c-min-rate");
    /** Options that 8.3 keeps in syncer and later versions moved to net. */
    private static final Set<String> SYNCER_TO_NET = Set.of("verify-alg", "csums-alg");
    /** 8.4 booleans whose 8.3 spelling is a bare {@code no-NAME;} flag; all default to yes. */
    private static final Set<String> NEGATED_FLAGS = Set.of("disk-flushes", "md-flushes", "disk-barrier", "disk-drain");

    private OptionPlacement() {}

    /**
     * @return where {@code option}, written in {@code section}, goes in {@code dialect}; empty when the dialect cannot
     *     express it
     */
    static Optional<Placed> place(String section, Option option, Dialect dialect) {
        String name = option.name();
        if (name.equals("rate") && section.equals("syncer") || name.equals("resync-rate")) {
            return Optional.of(switch (dialect) {
                case V83 -> new Placed("syncer", List.of(new Option("rate", option.values())));
                case V84, V9 -> new Placed("disk", List.of(new Option("resync-rate", option.values())));
            });
        }
        if (name.equals("fencing")) {
            // drbd 9 made fencing a connection property; 8.x has it per disk.
            return Optional.of(new Placed(dialect == Dialect.V9 ? "net" : "disk", List.of(option)));
        }
        if (SYNCER_TO_DISK.contains(name)) {
            return Optional.of(new Placed(dialect == Dialect.V83 ? "syncer" : "disk", List.of(option)));
        }
        if (SYNCER_TO_NET.contains(name)) {
            return Optional.of(new Placed(dialect == Dialect.V83 ? "syncer" : "net", List.of(option)));
        }
        if (name.equals("cpu-mask")) {
            return Optional.of(new Placed(dialect == Dialect.V83 ? "syncer" : "options", List.of(option)));
        }
        if (name.equals("auto-promote")) {
            // Before 9 nothing promotes on open, which is what "auto-promote no" asks for.
            return switch (dialect) {
                case V9 -> Optional.of(new Placed("options", List.of(option)));
                case V83, V84 -> option.value().equals("no") ? Optional.of(new Placed("options", List.of())) : Optional.empty();
            };
        }
        if (name.startsWith("no-") && option.isFlag() && NEGATED_FLAGS.contains(name.substring(3))) {
            return Optional.of(switch (dialect) {
                case V83 -> new Placed(section, List.of(option));
                case V84, V9 -> new Placed(section, List.of(new Option(name.substring(3), "no")));
            });
        }
        if (NEGATED_FLAGS.contains(name) && dialect == Dialect.V83) {
            return Optional.of(new Placed(section, option.value().equals("no") ? List.of(Option.flag("no-" + name)) : List.of()));
        }
        if (name.equals("allow-two-primaries")) {
            return Optional.of(switch (dialect) {
                case V83 -> new Placed(section, option.isFlag() || option.value().equals("yes") ? List.of(Option.flag(name)) : List.of());
                case V84, V9 -> new Placed(section, List.of(option.isFlag() ? new Option(name, "yes") : option));
            });
        }
        if (section.equals("options") && dialect == Dialect.V83) {
            return Optional.empty();
        }
        return Optional.of(new Placed(section, List.of(option)));
    }
}
