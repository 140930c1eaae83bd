/**
 * Which events a channel applies: MySQL's native {@code replicate-*} and {@code binlog-*-db} rules with
 * their exact semantics (rows are matched on the table's database, statements on the master session's
 * default database), plus tandem's own metadata schema, which is never replicated. Each decision is a
 * {@link io.tandem.replicator.filter.Verdict} that names the rule that made it.
 */
package io.tandem.replicator.filter;
