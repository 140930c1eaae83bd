package io.tandem.drbd.config;

import java.util.List;

/** A DRBD configuration that tandem refuses to use; carries every problem found, not just the first. */
public final class InvalidDrbdConfigException extends Exception {

    private final List<ConfigProblem> problems;

    public InvalidDrbdConfigException(List<ConfigProblem> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid configuration has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        StringBuilder text = new StringBuilder("DRBD configuration has ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        problems.forEach(problem -> text.append("\n  ").append(problem));
        return text.toString();
    }
}
