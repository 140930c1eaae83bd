package io.tandem.replicator.config;

import io.tandem.common.Secret;
import io.tandem.replicator.config.Setting.BadValueException;
import io.tandem.replicator.config.Setting.ValueParser;
import io.tandem.replicator.event.BinlogPosition;
import io.tandem.replicator.event.GtidPosition;
import io.tandem.replicator.event.TableId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value readers the settings are declared with. Each failure message says what is expected. */
final class Parsers {

    static final long MAX_SERVER_ID = 4_294_967_295L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    private Parsers() {}

    private static String needsValue(String text, String expectation) throws BadValueException {
        if (text == null || text.isEmpty()) {
            throw new BadValueException("needs a value: " + expectation);
        }
        return text;
    }

    /** A name for the instance, a server or a channel: it appears in log lines and metadata rows. */
    static ValueParser<String> name() {
        return text -> {
            needsValue(text, "letters, digits, '-', '_' or '.', up to 64");
            if (!NAME.matcher(text).matches()) {
                throw new BadValueException("must be letters, digits, '-', '_' or '.', up to 64 characters");
            }
            return text;
        };
    }

    static ValueParser<String> schemaName() {
        return text -> {
            needsValue(text, "a schema name");
            if (!SCHEMA.matcher(text).matches()) {
                throw new BadValueException("must be a plain schema name: letters, digits, '_' or '$', up to 64 characters");
            }
            return text;
        };
    }

    static ValueParser<String> host() {
        return text -> {
            needsValue(text, "a host name or IP address");
            if (text.chars().anyMatch(Character::isWhitespace) || text.contains("/")) {
                throw new BadValueException("must be a host name or IP address, without port or spaces");
            }
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) { // one colon: host:port; IPv6 addresses have several
                throw new BadValueException("must be a host name or IP address without the port; write port = "
                        + text.substring(colon + 1) + " on its own line");
            }
            return text;
        };
    }

    static ValueParser<String> text(String expectation) {
        return text -> needsValue(text, expectation);
    }

    static ValueParser<Secret> secret() {
        return text -> Secret.of(text == null ? "" : text);
    }

    /**
     * {@code HOST:PORT} to listen on ({@code [::1]:8470} for IPv6), or {@code off}. The host is resolved now, so
     * a name that does not resolve is a configuration problem rather than a failure after the channels started.
     */
    static ValueParser<Optional<InetSocketAddress>> listenAddress() {
        return text -> {
            String expectation = "must be HOST:PORT (127.0.0.1:8470, [::1]:8470, 0.0.0.0:8470) or off";
            needsValue(text, expectation);
            if (text.equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new BadValueException(expectation);
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new BadValueException("write an IPv6 address in brackets: [" + host + "]" + text.substring(colon));
            }
            if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                throw new BadValueException(expectation);
            }
            long port;
            try {
                port = Long.parseLong(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BadValueException(expectation + "; the port is a whole number from 0 to 65535");
            }
            if (port < 0 || port > 65535) {
                throw new BadValueException(expectation + "; the port is a whole number from 0 to 65535");
            }
            InetSocketAddress address = new InetSocketAddress(host, (int) port);
            if (address.isUnresolved()) {
                throw new BadValueException("the host " + host + " does not resolve to an address");
            }
            return Optional.of(address);
        };
    }

    /** A bearer token: visible ASCII without spaces, as an HTTP Authorization header can carry it. */
    static ValueParser<Secret> bearerToken() {
        return text -> {
            checkBearerToken(text);
            return Secret.of(text);
        };
    }

    /** Never puts the token in the message: it is a secret even when it is wrong. */
    static void checkBearerToken(String text) throws BadValueException {
        if (text == null || text.isEmpty()) {
            throw new BadValueException("is empty; a token is needed (generate one with: openssl rand -hex 32)");
        }
        if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new BadValueException("must be printable ASCII without spaces, as an HTTP header carries it"
                    + " (generate one with: openssl rand -hex 32)");
        }
    }

    static ValueParser<Long> wholeNumber(long min, long max) {
        return text -> {
            String expectation = "must be a whole number from " + min + " to " + max;
            needsValue(text, expectation);
            try {
                long value = Long.parseLong(text);
                if (value < min || value > max) {
                    throw new BadValueException(expectation);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new BadValueException(expectation);
            }
        };
    }

    static ValueParser<Long> serverId() {
        return text -> {
            String expectation = "must be a whole number from 1 to " + MAX_SERVER_ID
                    + " (0 means the server cannot take part in replication)";
            needsValue(text, expectation);
            try {
                long value = Long.parseLong(text);
                if (value < 1 || value > MAX_SERVER_ID) {
                    throw new BadValueException(expectation);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new BadValueException(expectation);
            }
        };
    }

    /** MySQL's booleans; a bare key is ON, as in my.cnf. */
    static ValueParser<Boolean> bool() {
        return text -> {
            if (text == null) {
                return true;
            }
            return switch (text.toUpperCase(Locale.ROOT)) {
                case "1", "ON", "TRUE", "YES" -> true;
                case "0", "OFF", "FALSE", "NO" -> false;
                default -> throw new BadValueException("must be ON or OFF (also 1/0, TRUE/FALSE, YES/NO)");
            };
        };
    }

    /** One of fixed words, case-insensitive; returns the word as listed. */
    static ValueParser<String> oneOf(String... words) {
        return text -> {
            String expectation = "must be one of " + String.join(", ", words);
            needsValue(text, expectation);
            for (String word : words) {
                if (word.equalsIgnoreCase(text)) {
                    return word;
                }
            }
            throw new BadValueException(expectation);
        };
    }

    static ValueParser<LoopPrevention> loopPrevention() {
        return text -> {
            String expectation = "must be server-id or marker";
            needsValue(text, expectation);
            for (LoopPrevention mode : LoopPrevention.values()) {
                if (mode.setting().equalsIgnoreCase(text.replace('_', '-'))) {
                    return mode;
                }
            }
            throw new BadValueException(expectation);
        };
    }

    static ValueParser<ExecMode> execMode() {
        return text -> {
            String expectation = "must be STRICT or IDEMPOTENT";
            needsValue(text, expectation);
            try {
                return ExecMode.valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadValueException(expectation);
            }
        };
    }

    /** {@code 2s}, {@code 500ms}, {@code 1m}: a whole number and a unit, within bounds. */
    static ValueParser<Duration> duration(Duration min, Duration max) {
        return text -> {
            String expectation = "must be a duration with a unit (ms, s, m, h), like 2s or 500ms, from "
                    + show(min) + " to " + show(max);
            needsValue(text, expectation);
            Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new BadValueException(expectation);
            }
            long amount = Long.parseLong(matcher.group(1));
            Duration value = switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new BadValueException(expectation);
            }
            return value;
        };
    }

    static String show(Duration duration) {
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    static ValueParser<StartPosition> startPosition() {
        return text -> {
            String expectation = "must be current, earliest, FILE:POSITION (mysql-bin.000006:106) or"
                    + " gtid:DOMAIN-SERVER-SEQUENCE[,...] (gtid:1-1-100,2-2-57)";
            needsValue(text, expectation);
            if (text.equalsIgnoreCase("current")) {
                return StartPosition.CURRENT;
            }
            if (text.equalsIgnoreCase("earliest")) {
                return StartPosition.EARLIEST;
            }
            if (text.regionMatches(true, 0, "gtid:", 0, 5)) {
                try {
                    GtidPosition position = GtidPosition.parse(text.substring(5));
                    if (position.isEmpty()) {
                        throw new BadValueException(expectation);
                    }
                    return new StartPosition.AtGtidPosition(position);
                } catch (IllegalArgumentException e) {
                    throw new BadValueException(expectation + "; " + e.getMessage());
                }
            }
            try {
                BinlogPosition position = BinlogPosition.parse(text);
                if (position.position() < 4) {
                    throw new BadValueException("a binlog position is at least 4: the file starts with a 4-byte header");
                }
                return new StartPosition.AtBinlogPosition(position);
            } catch (IllegalArgumentException e) {
                throw new BadValueException(expectation);
            }
        };
    }

    /**
     * One database per line. A comma is refused: natively each option line names one database and the
     * comma is part of its name (binlog notes section 7.4), so the seed's
     * {@code replicate-ignore-db=mysql,information_schema} does not ignore mysql at all.
     */
    static ValueParser<List<String>> database(String option) {
        return text -> {
            needsValue(text, "one database name");
            if (text.indexOf(',') >= 0) {
                String[] parts = text.split(",");
                throw new BadValueException("one database per line. MySQL reads this as ONE database literally named \""
                        + text + "\" (a comma is part of the name), so " + parts[0].strip()
                        + " would not be matched at all; tandem refuses it. Write one line per database: "
                        + Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty())
                                .map(p -> option + " = " + p).collect(Collectors.joining(", then ")));
            }
            if (text.length() > 64) {
                throw new BadValueException("a database name has at most 64 characters");
            }
            return List.of(text);
        };
    }

    /** {@code db.table}, one per line, split at the first dot as the server splits it. */
    static ValueParser<List<TableId>> table(String option) {
        return text -> {
            needsValue(text, "one db.table");
            commaTrapForTables(option, text, "table");
            int dot = text.indexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new BadValueException("must be db.table, like felix.orders");
            }
            return List.of(new TableId(text.substring(0, dot), text.substring(dot + 1)));
        };
    }

    /** A {@code db.table} pattern with {@code %} and {@code _}, matched against the whole {@code db.table}. */
    static ValueParser<List<String>> wildTable(String option) {
        return text -> {
            needsValue(text, "one db.table pattern");
            commaTrapForTables(option, text, "pattern");
            if (text.indexOf('.') < 0) {
                throw new BadValueException("must be a db.table pattern with % and _ wildcards, like felix.tmp%");
            }
            return List.of(text);
        };
    }

    private static void commaTrapForTables(String option, String text, String what) throws BadValueException {
        if (text.indexOf(',') >= 0) {
            String[] parts = text.split(",");
            throw new BadValueException("one " + what + " per line. MySQL reads this as ONE " + what + " \"" + text
                    + "\" (a comma is part of the name), so " + parts[0].strip()
                    + " would not be matched; tandem refuses it. Write one line per " + what + ": "
                    + Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty())
                            .map(p -> option + " = " + p).collect(Collectors.joining(", then ")));
        }
    }

    /** Server ids separated by commas or spaces, as CHANGE MASTER's IGNORE_SERVER_IDS = (1, 2) lists them. */
    static ValueParser<List<Long>> serverIds() {
        return text -> {
            String expectation = "must be server ids from 1 to " + MAX_SERVER_ID + ", separated by commas";
            needsValue(text, expectation);
            String inner = text.strip();
            if (inner.startsWith("(") && inner.endsWith(")")) {
                inner = inner.substring(1, inner.length() - 1);
            }
            List<Long> ids = new ArrayList<>();
            for (String part : inner.split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                try {
                    long id = Long.parseLong(part);
                    if (id < 1 || id > MAX_SERVER_ID) {
                        throw new BadValueException(expectation + "; " + part + " is out of range");
                    }
                    ids.add(id);
                } catch (NumberFormatException e) {
                    throw new BadValueException(expectation + "; \"" + part + "\" is not a number");
                }
            }
            if (ids.isEmpty()) {
                throw new BadValueException(expectation);
            }
            return ids;
        };
    }

    /**
     * {@code slave-skip-errors}: OFF, all, or codes and {@code ddl_exist_errors} separated by commas. The
     * result is the codes to skip, with {@code null} standing for all.
     */
    static ValueParser<SkipErrors> skipErrors() {
        return text -> {
            String expectation = "must be OFF, all, ddl_exist_errors, or error codes separated by commas (1062,1032)";
            needsValue(text, expectation);
            String value = text.strip();
            if (value.equalsIgnoreCase("OFF")) {
                return new SkipErrors(false, new TreeSet<>());
            }
            if (value.equalsIgnoreCase("all")) {
                return new SkipErrors(true, new TreeSet<>());
            }
            TreeSet<Integer> codes = new TreeSet<>();
            for (String part : value.split("\\s*,\\s*")) {
                if (part.equalsIgnoreCase("ddl_exist_errors") || part.equalsIgnoreCase("ddl-exist-errors")) {
                    codes.addAll(ErrorPolicy.DDL_EXIST_ERRORS);
                    continue;
                }
                if (part.equalsIgnoreCase("all") || part.equalsIgnoreCase("OFF")) {
                    throw new BadValueException(part + " stands alone; it cannot be combined with codes");
                }
                try {
                    int code = Integer.parseInt(part);
                    if (code < 1 || code > 65535) {
                        throw new BadValueException(expectation + "; " + part + " is not an error code");
                    }
                    codes.add(code);
                } catch (NumberFormatException e) {
                    throw new BadValueException(expectation + "; \"" + part + "\" is not an error code");
                }
            }
            return new SkipErrors(false, codes);
        };
    }

    /** The parsed {@code slave-skip-errors}. */
    record SkipErrors(boolean all, TreeSet<Integer> codes) {}

    /** Startup check names for {@code allow}, separated by commas; a check that cannot be overridden is refused. */
    static ValueParser<List<String>> checkNames() {
        return text -> {
            needsValue(text, "startup check names");
            List<String> names = new ArrayList<>();
            for (String part : text.split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                String id = part.toLowerCase(Locale.ROOT).replace('_', '-');
                StartupCheck check = StartupCheck.byId(id).orElseThrow(() -> new BadValueException(
                        "no startup check is named " + part + Suggestions.didYouMean(id,
                                Arrays.stream(StartupCheck.values()).map(StartupCheck::id).toList())
                                + "; the names are " + Arrays.stream(StartupCheck.values())
                                        .filter(StartupCheck::isOverridable).map(StartupCheck::id)
                                        .collect(Collectors.joining(", "))));
                if (!check.isOverridable()) {
                    throw new BadValueException(check.id() + " cannot be overridden: "
                            + check.whyNotOverridable().orElseThrow());
                }
                names.add(check.id());
            }
            return names;
        };
    }
}
