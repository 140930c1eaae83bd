/**
 * The end-to-end replication benchmark ({@link io.tandem.bench.ReplicationBench}, run by
 * {@code bench/replication-bench}): tandem against MariaDB's native replica threads on one machine, in
 * catch-up and steady modes. Apart from JMH, like the Disruptor's perftest source set.
 */
package io.tandem.bench;
