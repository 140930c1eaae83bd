/**
 * Startup checks: before any channel starts, tandem connects to every server of the configuration,
 * reads the settings and grants that decide whether replication can be correct, and lists every
 * problem at once, each with the {@code allow = NAME} that overrides it (a few cannot be overridden).
 * Reading the servers ({@code ServerInspector}) is kept apart from judging what was read, so the rules
 * are plain functions of a configuration and the servers' facts.
 */
package io.tandem.replicator.check;
