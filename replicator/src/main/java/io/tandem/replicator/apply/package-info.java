/**
 * Writing source transactions to the target over JDBC: one target transaction per source transaction,
 * tagged with its origin (loop prevention), rows as parameterised statements with raw-byte strings,
 * statements under the master's session context, and the checkpoint in the same transaction.
 */
package io.tandem.replicator.apply;
