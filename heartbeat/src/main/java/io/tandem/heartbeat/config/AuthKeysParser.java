package io.tandem.heartbeat.config;

import io.tandem.common.Secret;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/*
 * Reads authkeys as heartbeat 3.0.6 does (heartbeat/auth.c, parse_authfile):
 *
 * Lines: leading blanks are skipped; a line whose first character is then '#' is a comment, and blank lines are
 *   ignored. Unlike ha.cf, a '#' later in the line is not a comment: "1 sha1 ab#cd" has the key "ab#cd", and
 *   "1 crc # note" gives crc the key "#", which heartbeat refuses.
 * auth: "auth <index>" names the signing key. heartbeat only notices it for key lines below it and otherwise fails
 *   with "Auth Key [N] not found"; tandem reads the file in any order and warns.
 * Keys: "<index> <method> [key]", index 0 to 15, method exactly crc, sha1 or md5; the key is one word. heartbeat
 *   reads the line with sscanf("%d%s%s") and silently drops any further words, so "1 sha1 my secret" signs with
 *   "my"; tandem refuses extra words unless they start a '#' comment.
 * Mode: heartbeat refuses a file that group or others can read. tandem refuses any group or other bit: whoever
 *   can write the file can replace the key.
 *
 * Messages never quote a line: any word of it may be a key.
 */
final class AuthKeysParser {

    static final String FILE = "authkeys";

    private static final String KEY_LINE_FORMS = "auth <index> or <index> <method> [key] (crc, or sha1 or md5 with a"
            + " key), e.g. auth 1 then 1 sha1 <long random key>";

    private final Problems problems;
    private final Map<Integer, AuthKey> keys = new LinkedHashMap<>();
    private final Map<Integer, Integer> keyLines = new LinkedHashMap<>();
    private final Set<Integer> refusedIndices = new HashSet<>();
    private int activeIndex = -1;
    private int authLine;

    private AuthKeysParser(Problems problems) {
        this.problems = problems;
    }

    /**
     * Reads {@code text} as authkeys whose file mode was found to be {@code access}. Returns the keys when the
     * active one could be found; problems and warnings go to {@code problems} either way.
     */
    static Optional<AuthKeys> parse(String text, KeyFileAccess access, Problems problems) {
        AuthKeysParser parser = new AuthKeysParser(problems);
        parser.checkAccess(access);
        String[] lines = ConfigText.physicalLines(text);
        for (int i = 0; i < lines.length; i++) {
            parser.read(i + 1, lines[i]);
        }
        return parser.finish();
    }

    private void checkAccess(KeyFileAccess access) {
        switch (access) {
            case KeyFileAccess.OwnerOnly ownerOnly -> { }
            case KeyFileAccess.OpenToOthers open -> problems.refuse(0, "", "mode " + open.mode() + " lets group or"
                    + " others use the keys; heartbeat 3.0.6 refuses a group- or world-readable authkeys (\"Bad"
                    + " permissions on keyfile\") and tandem refuses any group or other bit: chmod 600 authkeys");
            case KeyFileAccess.NotChecked notChecked -> problems.warn(0, "", "the file mode could not be checked ("
                    + notChecked.reason() + "); make sure only its owner can read it (chmod 600 authkeys)");
        }
    }

    private void read(int number, String raw) {
        String line = ConfigText.cutAt(ConfigText.stripLeading(raw), '\r').stripTrailing();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        List<String> words = Arrays.stream(line.split("[ \t\f\u000b]+")).toList();
        String first = words.get(0);
        if (first.equals("auth")) {
            auth(number, words);
        } else if (first.startsWith("a")) {
            // heartbeat takes every line starting with 'a' for an auth line ("Invalid auth line").
            problems.refuse(number, "auth", "a line starting with 'a' must be auth <index>, e.g. auth 1");
        } else if (first.chars().allMatch(c -> c >= '0' && c <= '9')) {
            key(number, words);
        } else {
            problems.refuse(number, "", "not an authkeys line; write " + KEY_LINE_FORMS);
        }
    }

    private void auth(int number, List<String> words) {
        if (authLine > 0) {
            problems.refuse(number, "auth", "auth is already given on line " + authLine + "; keep one");
            return;
        }
        authLine = number;
        if (words.size() < 2 || !hasOnlyComment(words, 2)) {
            problems.refuse(number, "auth", "must be auth <index>, one number from 0 to " + AuthKey.MAX_INDEX + ", e.g. auth 1");
            return;
        }
        Optional<Integer> index = Values.parseInt(words.get(1), 0, AuthKey.MAX_INDEX);
        if (index.isEmpty()) {
            problems.refuse(number, "auth", "\"" + words.get(1) + "\" is not an index from 0 to " + AuthKey.MAX_INDEX);
            return;
        }
        activeIndex = index.get();
    }

    private void key(int number, List<String> words) {
        Optional<Integer> parsedIndex = Values.parseInt(words.get(0), 0, AuthKey.MAX_INDEX);
        if (parsedIndex.isEmpty()) {
            // heartbeat: "Invalid authnum".
            problems.refuse(number, "", "the index must be a number from 0 to " + AuthKey.MAX_INDEX);
            return;
        }
        int index = parsedIndex.get();
        if (!readKey(number, index, words)) {
            refusedIndices.add(index);
        }
    }

    /** Reads the rest of a key line; false when it was refused. */
    private boolean readKey(int number, int index, List<String> words) {
        String directive = "key " + index;
        if (words.size() < 2) {
            problems.refuse(number, directive, "needs a method: " + index + " crc, " + index + " sha1 <key> or " + index
                    + " md5 <key>");
            return false;
        }
        Optional<AuthMethod> method = AuthMethod.byConfigName(words.get(1));
        if (method.isEmpty()) {
            // Never quote the word: a line missing its method has the key there.
            boolean wrongCase = AuthMethod.byConfigName(words.get(1).toLowerCase(Locale.ROOT)).isPresent();
            problems.refuse(number, directive, wrongCase
                    ? "write the method in lower case (crc, sha1, md5): heartbeat 3.0.6 loads the plugin of exactly that name"
                    : "unknown method (the second word); heartbeat 3.0.6 has crc, sha1 and md5, and sha1 is the one to use");
            return false;
        }
        Secret key = Secret.of(words.size() > 2 ? words.get(2) : "");
        if (method.get().needsKey() && key.isEmpty()) {
            problems.refuse(number, directive, method.get().configName() + " needs a key: " + index + " "
                    + method.get().configName() + " <key>, the same on every node");
            return false;
        }
        if (!method.get().needsKey() && !key.isEmpty()) {
            problems.refuse(number, directive, "crc takes no key; heartbeat 3.0.6 refuses one (\"Auth method [crc] doesn't"
                    + " use a key\"), and it reads a # after crc as a key, so put comments on a line of their own");
            return false;
        }
        if (!hasOnlyComment(words, 3)) {
            problems.refuse(number, directive, "the key must be one word without blanks; heartbeat 3.0.6 would silently"
                    + " sign with the first word only. Put comments on a line of their own");
            return false;
        }
        Integer earlier = keyLines.putIfAbsent(index, number);
        if (earlier != null) {
            problems.refuse(number, directive, "index " + index + " is already defined on line " + earlier + "; keep one");
            return false;
        }
        keys.put(index, new AuthKey(index, method.get(), key));
        return true;
    }

    /** Whether the words from {@code from} on are absent or a comment. */
    private static boolean hasOnlyComment(List<String> words, int from) {
        return words.size() <= from || words.get(from).startsWith("#");
    }

    private Optional<AuthKeys> finish() {
        if (authLine == 0) {
            problems.refuse(0, "auth", "no auth <index> line names the signing key; heartbeat 3.0.6 refuses that"
                    + " (\"Missing auth directive\"): put auth 1 at the top");
            return Optional.empty();
        }
        if (activeIndex < 0) {
            return Optional.empty();
        }
        AuthKey active = keys.get(activeIndex);
        if (active == null) {
            if (!refusedIndices.contains(activeIndex)) {
                problems.refuse(authLine, "auth", "auth " + activeIndex + " names no key line; heartbeat 3.0.6 refuses"
                        + " that (\"Auth Key [" + activeIndex + "] not found\"): add " + activeIndex + " sha1 <key>");
            }
            return Optional.empty();
        }
        int activeKeyLine = keyLines.get(activeIndex);
        if (activeKeyLine < authLine) {
            problems.warn(authLine, "auth", "comes after the key line " + activeKeyLine + " it names: tandem accepts"
                    + " that, but heartbeat 3.0.6 only sees keys below auth and would refuse this file (\"Auth Key ["
                    + activeIndex + "] not found\"); move auth " + activeIndex + " to the top");
        }
        if (active.method() == AuthMethod.CRC) {
            problems.warn(activeKeyLine, "key " + activeIndex, "crc authenticates nothing: anyone who can reach the"
                    + " heartbeat port can forge messages and take the resources; use sha1 with a long random key, the"
                    + " same on both nodes (and change both nodes together)");
        }
        return Optional.of(new AuthKeys(activeIndex, new ArrayList<>(keys.values())));
    }
}
