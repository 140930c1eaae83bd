package io.tandem.replicator.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges a user holds, read from the lines of {@code SHOW GRANTS} run as that user. On
 * MariaDB those lines include the grants of the user's active (default) role, printed as
 * {@code GRANT ... TO `role`}, so every {@code GRANT <privileges> ON <object>} line counts, whoever it
 * names. Lines that grant a role ({@code GRANT `app` TO `u`@`%`}), PROXY, and routine privileges are
 * not about data and are ignored; column privileges ({@code INSERT (`id`)}) do not give the
 * table-wide privilege and are ignored too.
 *
 * <p>Database-level grants name a pattern: {@code _} and {@code %} are wildcards there and
 * {@code \_} is a literal underscore, as the server reads them ({@code GRANT ALL ON `fel_x%`.*}
 * covers {@code felix}).
 *
 * <p>Equivalences: on MariaDB 10.5+ REPLICATION CLIENT is an alias of BINLOG MONITOR and SHOW GRANTS
 * prints the new name; REPLICATION REPLICA is an alias of REPLICATION SLAVE. On 10.11 SUPER still
 * allows what BINLOG MONITOR, BINLOG REPLAY and SLAVE MONITOR allow (checked on 10.11.19: SHOW MASTER
 * STATUS, SET server_id, SHOW ALL SLAVES STATUS); it no longer does from 11.0.
 */
final class Grants {

    private enum Level { GLOBAL, DATABASE, TABLE }

    private record Grant(Level level, String databasePattern, String table, Set<String> privileges) {
        boolean grants(String privilege) {
            return privileges.contains(privilege) || privileges.contains("ALL PRIVILEGES");
        }
    }

    private final List<Grant> grants;

    private Grants(List<Grant> grants) {
        this.grants = grants;
    }

    static Grants parse(List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        for (String line : lines) {
            Grant grant = parseLine(line);
            if (grant != null) {
                grants.add(grant);
            }
        }
        return new Grants(grants);
    }

    /** Whether the privilege is granted on {@code *.*}. */
    boolean hasGlobal(String privilege) {
        return grants.stream().anyMatch(g -> g.level() == Level.GLOBAL && g.grants(privilege));
    }

    /** Whether any of the privileges is granted on {@code *.*}. */
    boolean hasAnyGlobal(String... privileges) {
        for (String privilege : privileges) {
            if (hasGlobal(privilege)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the privilege covers the whole database: granted on {@code *.*} or on a matching {@code db.*}. */
    boolean hasOnDatabase(String database, String privilege) {
        return grants.stream().anyMatch(g -> g.grants(privilege)
                && (g.level() == Level.GLOBAL || (g.level() == Level.DATABASE && like(g.databasePattern(), database))));
    }

    private static Grant parseLine(String line) {
        String text = line.strip();
        if (!text.regionMatches(true, 0, "GRANT ", 0, 6)) {
            return null;
        }
        int on = topLevelKeyword(text, " ON ", 6);
        if (on < 0) {
            return null; // GRANT `role` TO ...
        }
        int to = topLevelKeyword(text, " TO ", on + 4);
        if (to < 0) {
            return null;
        }
        Set<String> privileges = new HashSet<>();
        for (String part : splitTopLevel(text.substring(6, on))) {
            String privilege = part.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            if (privilege.contains("(")) {
                continue; // column privilege
            }
            privileges.add(privilege.equals("ALL") ? "ALL PRIVILEGES" : alias(privilege));
        }
        String object = text.substring(on + 4, to).strip();
        String upper = object.toUpperCase(Locale.ROOT);
        if (upper.startsWith("PROCEDURE ") || upper.startsWith("FUNCTION ") || upper.startsWith("PACKAGE ")
                || privileges.contains("PROXY")) {
            return null;
        }
        if (upper.startsWith("TABLE ")) {
            object = object.substring(6).strip();
        }
        List<String> names = splitName(object);
        if (names.size() != 2) {
            return null;
        }
        if (names.get(0).equals("*") && names.get(1).equals("*")) {
            return new Grant(Level.GLOBAL, null, null, privileges);
        }
        if (names.get(1).equals("*")) {
            return new Grant(Level.DATABASE, names.get(0), null, privileges);
        }
        return new Grant(Level.TABLE, names.get(0), names.get(1), privileges);
    }

    private static String alias(String privilege) {
        return switch (privilege) {
            case "REPLICATION CLIENT" -> "BINLOG MONITOR";
            case "REPLICATION REPLICA" -> "REPLICATION SLAVE";
            case "REPLICA MONITOR" -> "SLAVE MONITOR";
            default -> privilege;
        };
    }

    /** Index of {@code keyword} (with its spaces) outside backquotes, quotes and parentheses, case-insensitive. */
    private static int topLevelKeyword(String text, String keyword, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && text.regionMatches(true, i, keyword, 0, keyword.length())) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    /** {@code `db`.`t`}, {@code `db`.*}, {@code *.*} into their two parts, backquotes undone. */
    private static List<String> splitName(String object) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < object.length()) {
            char c = object.charAt(i);
            if (c == '`') {
                int j = i + 1;
                while (j < object.length()) {
                    if (object.charAt(j) == '`') {
                        if (j + 1 < object.length() && object.charAt(j + 1) == '`') {
                            current.append('`');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    current.append(object.charAt(j++));
                }
                i = j + 1;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** SQL LIKE as database grants use it: {@code %}, {@code _}, and backslash escapes. */
    static boolean like(String pattern, String text) {
        return like(pattern, 0, text, 0);
    }

    private static boolean like(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                for (int start = si; start <= s.length(); start++) {
                    if (like(p, pi + 1, s, start)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                c = p.charAt(++pi);
            } else if (c == '_') {
                pi++;
                si++;
                continue;
            }
            if (c != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
