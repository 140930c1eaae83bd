package io.tandem.replicator.config;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem, one per line, in the house
 * format:
 *
 * <pre>
 * conf/tandem.cnf has 2 problems; replicator did not start:
 *   conf/tandem.cnf:14: [channel db1-to-db2] replicate-ignore-db = "mysql,information_schema": ...
 *   conf/tandem.cnf:21: [server db2] port = "33o6": must be a whole number from 1 to 65535
 * </pre>
 */
public final class InvalidConfigurationException extends Exception {

    private final String origin;
    private final List<String> problems;

    public InvalidConfigurationException(String origin, List<String> problems) {
        super(format(origin, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    /** The file path, or the description of a configuration built in code. */
    public String origin() {
        return origin;
    }

    /** Each problem as one line, without indentation. */
    public List<String> problems() {
        return problems;
    }

    static String format(String origin, List<String> problems) {
        StringBuilder text = new StringBuilder(origin).append(" has ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append("; replicator did not start:");
        for (String problem : problems) {
            text.append("\n  ").append(problem);
        }
        return text.toString();
    }
}
