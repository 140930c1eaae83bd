/**
 * What a running replicator tells the outside: the status document (format tandem-status/1, its JSON
 * schema next to {@link io.tandem.replicator.admin.StatusJson}), Prometheus metrics
 * ({@link io.tandem.replicator.admin.ReplicatorMetrics}), and the admin HTTP endpoint that serves both
 * ({@link io.tandem.replicator.admin.AdminServer}). Read-only: nothing here changes a channel.
 */
package io.tandem.replicator.admin;
