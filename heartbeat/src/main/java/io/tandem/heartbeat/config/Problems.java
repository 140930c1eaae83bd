package io.tandem.heartbeat.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems and warnings of one file; a parser never stops at the first one. */
final class Problems {

    private static final Comparator<ConfigProblem> BY_LINE =
            Comparator.comparingInt((ConfigProblem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line());

    private final String file;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    /** Records something that makes the configuration unusable. */
    void refuse(int line, String directive, String message) {
        errors.add(new ConfigProblem(file, line, directive, message));
    }

    /** Records something accepted that an operator should still look at. */
    void warn(int line, String directive, String message) {
        warnings.add(new ConfigProblem(file, line, directive, message));
    }

    /** The problems by line (stable for one line), whole-file problems last. */
    List<ConfigProblem> errors() {
        return errors.stream().sorted(BY_LINE).toList();
    }

    List<ConfigProblem> warnings() {
        return warnings.stream().sorted(BY_LINE).toList();
    }
}
