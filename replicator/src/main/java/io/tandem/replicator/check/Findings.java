package io.tandem.replicator.check;

import io.tandem.replicator.config.ChannelConfig;
import io.tandem.replicator.config.StartupCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Collects what the checks find and applies the configuration's overrides in one place. A problem is
 * switched off only if it is overridable and every channel it concerns allows its check: a server
 * shared by two channels is not excused by one of them. A switched-off problem becomes a warning, so
 * an override is never silent.
 */
final class Findings {

    private record Found(Problem problem, List<ChannelConfig> concerned) {}

    private final List<Found> found = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** A problem that {@code allow = <check>} can switch off, if the check allows overrides at all. */
    void problem(StartupCheck check, Collection<ChannelConfig> concerned, String message) {
        found.add(new Found(new Problem(check, message, check.isOverridable()), List.copyOf(concerned)));
    }

    /** A problem no {@code allow} switches off, even where its check is otherwise overridable. */
    void fixedProblem(StartupCheck check, Collection<ChannelConfig> concerned, String message) {
        found.add(new Found(new Problem(check, message, false), List.copyOf(concerned)));
    }

    void warning(String message) {
        warnings.add(message);
    }

    CheckReport report() {
        List<Problem> problems = new ArrayList<>();
        List<String> allWarnings = new ArrayList<>(warnings);
        for (Found f : found) {
            Problem problem = f.problem();
            boolean allowed = problem.overridable() && !f.concerned().isEmpty()
                    && f.concerned().stream().allMatch(channel -> channel.allows(problem.check()));
            if (allowed) {
                allWarnings.add("allowed by allow = " + problem.check().id() + ": " + problem.message());
            } else {
                problems.add(problem);
            }
        }
        return new CheckReport(problems, allWarnings);
    }
}
