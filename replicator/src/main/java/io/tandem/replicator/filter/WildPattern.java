package io.tandem.replicator.filter;

/**
 * A {@code replicate-wild-*-table} pattern. As in the server, the pattern is matched against the
 * whole string {@code db.table}, so the dot is an ordinary character and {@code %} may span it
 * ({@code foo%} matches {@code foo.bar} and {@code food.x}). {@code %} matches any run of characters,
 * {@code _} exactly one, and a backslash makes the next character literal ({@code my\_db.%}).
 * Matching is case-sensitive, as on Linux with {@code lower_case_table_names=0}.
 */
record WildPattern(String pattern) {

    boolean matches(String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '%') {
                while (pi < p.length() && p.charAt(pi) == '%') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int start = si; start <= s.length(); start++) {
                    if (matches(p, pi, s, start)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '_') {
                pi++;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                c = p.charAt(++pi);
            }
            if (c != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
