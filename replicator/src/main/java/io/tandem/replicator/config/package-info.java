/**
 * tandem's configuration: an INI file in the style of my.cnf ({@code [replicator]},
 * {@code [server NAME]}, {@code [channel NAME]}) read by {@link io.tandem.replicator.config.ConfigLoader}
 * or built in code with {@link io.tandem.replicator.config.ReplicatorConfig#builder()}, validated as a
 * whole into immutable records. Every setting is declared once in {@code Settings}; validation lists
 * every problem at once and never replaces a bad value with a default.
 */
package io.tandem.replicator.config;
