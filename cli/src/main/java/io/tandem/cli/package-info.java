/**
 * The {@code tandem} command line (picocli): demo, run, check, status, wait, checkpoint, skipped. Exit codes are
 * the same for every command: {@link io.tandem.cli.TandemCommand#EXIT_CODES}, listed in each command's help and in
 * README.md. Status and wait ask the running service's admin endpoint through {@link io.tandem.cli.AdminClient}.
 */
package io.tandem.cli;
