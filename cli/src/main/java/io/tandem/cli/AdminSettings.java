package io.tandem.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The admin endpoint settings of a configuration file: {@code [replicator] admin-listen}, {@code admin-token} and
 * {@code admin-token-file}, read from the file's lines with my.cnf's rules for keys, quotes and comments.
 *
 * <p>TODO(merge with the admin endpoint branch): the config package declares these three settings there; replace
 * this class with {@code ReplicatorConfig}'s accessors. It exists because, until then, {@code ConfigLoader} rejects
 * them as unknown settings, and because {@code tandem status} must find the service even when the rest of the file
 * would not validate.
 *
 * @param listen {@code HOST:PORT}, {@code off}, or null when the file does not set it
 * @param token the token itself, or null
 * @param tokenFile a file whose first line is the token, relative to the configuration's directory; or null
 */
record AdminSettings(String listen, String token, Path tokenFile) {

    static final AdminSettings NONE = new AdminSettings(null, null, null);

    /** @throws CommandFailure exit 2 when the file cannot be read */
    static AdminSettings read(Path config) throws CommandFailure {
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, config + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure(TandemCommand.EXIT_USAGE, config + ": cannot read: " + e.getMessage());
        }
        return parse(text, config.toAbsolutePath().getParent());
    }

    static AdminSettings parse(String text, Path directory) {
        String listen = null;
        String token = null;
        Path tokenFile = null;
        boolean inReplicator = false;
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                String header = close < 0 ? "" : line.substring(1, close).strip();
                inReplicator = header.toLowerCase(Locale.ROOT).equals("replicator");
                continue;
            }
            int equals = line.indexOf('=');
            if (!inReplicator || equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT).replace('_', '-');
            String value = value(line.substring(equals + 1).strip());
            switch (key) {
                case "admin-listen" -> listen = value;
                case "admin-token" -> token = value;
                case "admin-token-file" -> tokenFile = directory == null ? Path.of(value) : directory.resolve(value);
                default -> {
                    // every other setting is ConfigLoader's business
                }
            }
        }
        return new AdminSettings(listen, token, tokenFile);
    }

    /** A value in quotes is taken verbatim up to its closing quote ({@code \"} escapes one); else {@code #} ends it. */
    private static String value(String text) {
        if (!text.isEmpty() && (text.charAt(0) == '"' || text.charAt(0) == '\'')) {
            char quote = text.charAt(0);
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    out.append(text.charAt(++i));
                } else if (c == quote) {
                    break;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        int hash = text.indexOf('#');
        return (hash < 0 ? text : text.substring(0, hash)).strip();
    }
}
