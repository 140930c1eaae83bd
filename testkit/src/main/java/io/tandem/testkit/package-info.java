/**
 * Real components for tests and the demo: {@code mariadbd} processes in temporary data directories on
 * free loopback ports ({@link io.tandem.testkit.MariaDbServer}), and a TCP proxy whose link a test can
 * cut and restore ({@link io.tandem.testkit.TcpProxy}). Nothing here is mocked.
 */
package io.tandem.testkit;
