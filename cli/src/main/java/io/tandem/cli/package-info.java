/**
 * The {@code tandem} command line (picocli): demo, run, check, checkpoint, skipped. Exit codes are
 * documented on {@link io.tandem.cli.TandemCommand} and in README.md.
 */
package io.tandem.cli;
