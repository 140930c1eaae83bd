/**
 * JMH benchmarks of the replicator's inner loops on sysbench-shaped rows: row-event decoding and
 * statement building. Run from the shaded jar: {@code java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5}.
 */
package io.tandem.bench.jmh;
