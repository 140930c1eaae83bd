package io.tandem.replicator.config;

import io.tandem.common.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One configuration setting, declared once with everything about it: name and aliases, where it may
 * appear, how its text is read and checked, its default and its documentation (the pattern of
 * Debezium's {@code Field}). Declarations are in {@link Settings}. Instances are immutable; each
 * {@code with...} method returns a copy.
 *
 * @param <T> the value's type; for a {@linkplain #isRepeatable() repeatable} setting a {@code List}
 *     whose lines accumulate
 */
final class Setting<T> {

    /** The kind of section a setting belongs to. */
    enum Scope {
        /** {@code [replicator]} only. */
        INSTANCE,
        /** {@code [server NAME]}. */
        SERVER,
        /** {@code [channel NAME]}, and as a default for every channel in {@code [replicator]} unless per-channel. */
        CHANNEL
    }

    /** Reads a value; a null text is a bare key ({@code log-slave-updates} without {@code =}). */
    @FunctionalInterface
    interface ValueParser<T> {
        T parse(String text) throws BadValueException;
    }

    /** A value that does not fit; the message says what is expected, for a reader who wrote it. */
    static final class BadValueException extends Exception {
        BadValueException(String expectation) {
            super(expectation, null, false, false);
        }
    }

    private final String name;
    private final List<String> aliases;
    private final Scope scope;
    private final ValueParser<T> parser;
    private final T defaultValue;
    private final boolean repeatable;
    private final boolean required;
    private final boolean perChannel;
    private final boolean secret;
    private final String description;

    private Setting(String name, List<String> aliases, Scope scope, ValueParser<T> parser, T defaultValue,
            boolean repeatable, boolean required, boolean perChannel, boolean secret, String description) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.scope = scope;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.repeatable = repeatable;
        this.required = required;
        this.perChannel = perChannel;
        this.secret = secret;
        this.description = description;
    }

    static <T> Setting<T> of(String name, Scope scope, ValueParser<T> parser) {
        return new Setting<>(IniFile.normalizeKey(name), List.of(), scope, Objects.requireNonNull(parser), null,
                false, false, false, false, "");
    }

    /** A setting whose lines accumulate ({@code replicate-do-db} once per database); its parser reads one line. */
    static <E> Setting<List<E>> list(String name, Scope scope, ValueParser<List<E>> parser) {
        return new Setting<>(IniFile.normalizeKey(name), List.of(), scope, parser, List.of(), true, false, false,
                false, "");
    }

    Setting<T> withAliases(String... names) {
        List<String> normalized = new ArrayList<>();
        for (String alias : names) {
            normalized.add(IniFile.normalizeKey(alias));
        }
        return new Setting<>(name, normalized, scope, parser, defaultValue, repeatable, required, perChannel, secret,
                description);
    }

    Setting<T> withDefault(T value) {
        return new Setting<>(name, aliases, scope, parser, Objects.requireNonNull(value), repeatable, required,
                perChannel, secret, description);
    }

    Setting<T> required() {
        return new Setting<>(name, aliases, scope, parser, defaultValue, repeatable, true, perChannel, secret,
                description);
    }

    /** A channel setting that cannot be a default in {@code [replicator]}: every channel needs its own value. */
    Setting<T> perChannel() {
        return new Setting<>(name, aliases, scope, parser, defaultValue, repeatable, required, true, secret,
                description);
    }

    /** The value is masked as {@code ********} in every message. */
    Setting<T> secret() {
        return new Setting<>(name, aliases, scope, parser, defaultValue, repeatable, required, perChannel, true,
                description);
    }

    Setting<T> describedAs(String text) {
        return new Setting<>(name, aliases, scope, parser, defaultValue, repeatable, required, perChannel, secret,
                text);
    }

    String name() {
        return name;
    }

    List<String> aliases() {
        return aliases;
    }

    boolean answersTo(String normalizedKey) {
        return name.equals(normalizedKey) || aliases.contains(normalizedKey);
    }

    Scope scope() {
        return scope;
    }

    T parse(String text) throws BadValueException {
        return parser.parse(text);
    }

    /** The default, or null when the setting has none (then it is either required or optional-empty). */
    T defaultValue() {
        return defaultValue;
    }

    boolean isRepeatable() {
        return repeatable;
    }

    boolean isRequired() {
        return required;
    }

    boolean isPerChannel() {
        return perChannel;
    }

    boolean isSecret() {
        return secret;
    }

    String description() {
        return description;
    }

    /** How a written value appears in a message: quoted, or masked for a secret. */
    String show(String rawValue) {
        if (rawValue == null) {
            return "";
        }
        return " = " + (secret ? Secret.MASK : "\"" + rawValue + "\"");
    }

    @Override
    public String toString() {
        return name;
    }
}
