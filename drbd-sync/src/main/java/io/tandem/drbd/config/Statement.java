package io.tandem.drbd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The shape every DRBD configuration line has: {@code keyword arg… ;} or {@code keyword arg… { statement… }}. The
 * reader first builds these, so brace errors are found once and the interpretation works on a tree.
 */
record Statement(String keyword, List<String> arguments, Optional<List<Statement>> block, Path file, int line) {

    Statement {
        arguments = List.copyOf(arguments);
        block = block.map(List::copyOf);
    }

    boolean hasBlock() {
        return block.isPresent();
    }

    List<Statement> children() {
        return block.orElse(List.of());
    }

    String joinedArguments() {
        return arguments.stream().collect(Collectors.joining(" "));
    }

    String describe() {
        return arguments.isEmpty() ? "'" + keyword + "'" : "'" + keyword + " " + joinedArguments() + "'";
    }
}
