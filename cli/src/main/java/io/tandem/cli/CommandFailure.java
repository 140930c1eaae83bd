package io.tandem.cli;

/**
 * Ends a command with an exit code and a message for the operator, printed on stderr by the handler that
 * {@link TandemCommand#commandLine()} installs. The message says what happened and what to do next; it is the
 * whole output, so no stack trace follows it.
 */
class CommandFailure extends Exception {

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
