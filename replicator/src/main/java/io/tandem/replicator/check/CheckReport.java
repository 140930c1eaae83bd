package io.tandem.replicator.check;

import java.util.List;

/**
 * What the startup checks found.
 *
 * @param problems reasons not to start, after the configuration's overrides; empty when the replicator may start
 * @param warnings worth an operator's attention but not blocking, including each problem an {@code allow}
 *     switched off (so an override is never silent)
 */
public record CheckReport(List<Problem> problems, List<String> warnings) {

    public CheckReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean isClean() {
        return problems.isEmpty();
    }

    /**
     * The problems in the house format (STYLE section 6), or an empty string when clean:
     * <pre>
     * startup checks of conf/tandem.cnf found 2 problems; replicator did not start:
     *   db2 (10.10.10.21:3306, user tandem): cannot connect: ... [override: allow = server-reachable]
     *   db1 (10.10.10.20:3306): binlog_row_image is MINIMAL: ... [override: allow = binlog-row-image]
     * </pre>
     *
     * @param origin the configuration's origin, as {@code ReplicatorConfig.origin()} gives it
     */
    public String format(String origin) {
        if (problems.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("startup checks of ").append(origin).append(" found ")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append("; replicator did not start:");
        for (Problem problem : problems) {
            text.append("\n  ").append(problem.describe());
        }
        return text.toString();
    }
}
