package io.tandem.replicator.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects configuration problems, each with the line it is about, and hands them out in file order.
 * A configuration built in code has no lines; its problems then name only the section and key.
 */
final class ProblemList {

    private record Problem(int line, int sequence, String text) {}

    private final String origin;
    private final boolean hasLines;
    private final List<Problem> problems = new ArrayList<>();

    ProblemList(String origin, boolean hasLines) {
        this.origin = origin;
        this.hasLines = hasLines;
    }

    /** Adds a problem about {@code line} (0 for the configuration as a whole). */
    void add(int line, String text) {
        problems.add(new Problem(line, problems.size(), text));
    }

    /** {@code conf/tandem.cnf:12: } for a file, nothing for a built configuration or line 0. */
    String at(int line) {
        return hasLines && line > 0 ? origin + ":" + line + ": " : "";
    }

    /** {@code line 12} for a file, {@code another line} for a built configuration: for "set twice" style messages. */
    String lineName(int line) {
        return hasLines && line > 0 ? "line " + line : "another line";
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    String origin() {
        return origin;
    }

    /** Every problem, located, whole-configuration problems last. */
    List<String> lines() {
        return problems.stream()
                .sorted(Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                        .thenComparingInt(Problem::sequence))
                .map(p -> at(p.line()) + p.text())
                .toList();
    }
}
