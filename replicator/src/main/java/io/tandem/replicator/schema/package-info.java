/**
 * What the binlog says about a table (its TABLE_MAP) and what the target says (information_schema,
 * cached with Caffeine and read inside the applied transaction behind the table's metadata lock).
 */
package io.tandem.replicator.schema;
