package io.tandem.heartbeat.config;

import java.util.List;

/**
 * The heartbeat files cannot be used. The message lists every problem of every file, one per line, then the
 * warnings:
 *
 * <pre>
 * /etc/ha.d has 2 problems; tandem heartbeat did not start:
 *   ha.cf:4: keepalive: "2s" is not a heartbeat time: heartbeat 3.0.6 knows no unit "s"; ...
 *   authkeys: mode 644 lets group or others read the keys; ... chmod 600 authkeys
 * and 1 warning:
 *   authkeys:2: key 1: crc authenticates nothing; ...
 * </pre>
 */
public final class ConfigRefusedException extends Exception {

    private final String origin;
    private final List<ConfigProblem> problems;
    private final List<ConfigProblem> warnings;

    public ConfigRefusedException(String origin, List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        super(format(origin, problems, warnings));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a refused configuration has at least one problem");
        }
        this.origin = origin;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** The directory the files were read from. */
    public String origin() {
        return origin;
    }

    /** Every problem, in file order (ha.cf, authkeys, haresources, tandem.cf), then by line. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** What was accepted but deserves attention; it did not cause the refusal. */
    public List<ConfigProblem> warnings() {
        return warnings;
    }

    private static String format(String origin, List<ConfigProblem> problems, List<ConfigProblem> warnings) {
        StringBuilder text = new StringBuilder(origin).append(" has ").append(count(problems.size(), "problem"))
                .append("; tandem heartbeat did not start:");
        problems.forEach(problem -> text.append("\n  ").append(problem));
        if (!warnings.isEmpty()) {
            text.append("\nand ").append(count(warnings.size(), "warning")).append(':');
            warnings.forEach(warning -> text.append("\n  ").append(warning));
        }
        return text.toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
