/**
 * tandem's own model of a binlog stream: positions, GTIDs, and the sealed {@code ChangeEvent} family.
 * Library types never cross into it; every stage downstream of the source sees only these.
 */
package io.tandem.replicator.event;
