package io.tandem.bench;

import io.tandem.testkit.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Replication lag measured the same way for every replica, as pt-heartbeat measures it: the source
 * updates one row of {@code bench.heartbeat} with its current time in microseconds every 100 ms; the
 * replica's copy of that row is read every 100 ms, and lag is the reading's time minus the newest
 * heartbeat time visible there. A replica that is fully caught up therefore shows between 0 and
 * 100 ms (the age of the last heartbeat), 50 ms on average, since the replica is read at a random
 * point of each period; this floor is the same for all replicas.
 *
 * <p>Source and replica run on this machine and the harness reads one clock, so no clock skew enters.
 * The writes are ordinary durable autocommit transactions on the source, replicated like the workload.
 */
final class Heartbeat implements AutoCloseable {

    static final String CREATE_SCHEMA = "CREATE DATABASE IF NOT EXISTS bench";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS bench.heartbeat"
            + " (id INT PRIMARY KEY, ts_us BIGINT NOT NULL) ENGINE=InnoDB";
    static final String INSERT_ROW = "INSERT INTO bench.heartbeat VALUES (1, 0)";
    static final Duration PERIOD = Duration.ofMillis(100);

    private final MariaDbServer source;
    private final MariaDbServer replica;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Long> lagMicros = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean sampling;
    private final Thread writer;
    private final Thread reader;

    private Heartbeat(MariaDbServer source, MariaDbServer replica) {
        this.source = source;
        this.replica = replica;
        this.writer = Thread.ofPlatform().name("bench-heartbeat-writer").daemon().unstarted(this::write);
        this.reader = Thread.ofPlatform().name("bench-heartbeat-reader").daemon().unstarted(this::read);
    }

    /** Starts writing on the source and reading on the replica; samples are kept only between {@link #startSampling()} and {@link #stopSampling()}. */
    static Heartbeat start(MariaDbServer source, MariaDbServer replica) {
        Heartbeat heartbeat = new Heartbeat(source, replica);
        heartbeat.writer.start();
        heartbeat.reader.start();
        return heartbeat;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The lag the replica shows right now, by one read of its heartbeat row. */
    Duration currentLag() throws SQLException {
        try (Connection connection = replica.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ts_us FROM bench.heartbeat WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            row.next();
            return Duration.ofNanos(Math.max(0, nowMicros() - row.getLong(1)) * 1_000);
        }
    }

    /** Heartbeat transactions committed on the source so far: one row each, to be told apart from the workload's. */
    long writes() {
        return writes.get();
    }

    void startSampling() {
        synchronized (lagMicros) {
            lagMicros.clear();
        }
        sampling = true;
    }

    /** Stops keeping samples and returns those kept, in microseconds. */
    List<Long> stopSampling() {
        sampling = false;
        synchronized (lagMicros) {
            return List.copyOf(lagMicros);
        }
    }

    private void write() {
        try (Connection connection = source.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE bench.heartbeat SET ts_us = ? WHERE id = 1")) {
            everyPeriod(() -> {
                update.setLong(1, nowMicros());
                update.executeUpdate();
                writes.incrementAndGet();
            });
        } catch (SQLException | RuntimeException e) {
            fail(e);
        }
    }

    private void read() {
        try (Connection connection = replica.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ts_us FROM bench.heartbeat WHERE id = 1")) {
            everyPeriodAtRandomPhase(() -> {
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long lag = Math.max(0, nowMicros() - row.getLong(1));
                    if (sampling) {
                        synchronized (lagMicros) {
                            lagMicros.add(lag);
                        }
                    }
                }
            });
        } catch (SQLException | RuntimeException e) {
            fail(e);
        }
    }

    private interface Tick {
        void run() throws SQLException;
    }

    /** Runs {@code tick} at a fixed rate; a slow tick is not made up for, as pt-heartbeat does not. */
    private void everyPeriod(Tick tick) throws SQLException {
        long next = System.nanoTime();
        while (running.get()) {
            tick.run();
            next += PERIOD.toNanos();
            long now = System.nanoTime();
            if (next < now) {
                next = now;
            }
            LockSupport.parkNanos(next - now);
        }
    }

    /**
     * Runs {@code tick} once per period at a random point within it. Reading in step with the writer would
     * add a fixed phase (anything from 0 to 100 ms) to every sample, different in every run; at a random
     * phase the heartbeat's age averages half a period for every replica alike.
     */
    private void everyPeriodAtRandomPhase(Tick tick) throws SQLException {
        long period = PERIOD.toNanos();
        long periodStart = System.nanoTime();
        while (running.get()) {
            long at = periodStart + java.util.concurrent.ThreadLocalRandom.current().nextLong(period);
            long now = System.nanoTime();
            if (at > now) {
                LockSupport.parkNanos(at - now);
            }
            tick.run();
            periodStart += period;
            if (periodStart + period < System.nanoTime()) {
                periodStart = System.nanoTime();
            }
        }
    }

    private void fail(Throwable e) {
        if (running.get()) {
            failure.compareAndSet(null, e);
        }
    }

    /** Throws if the writer or the reader stopped on an error. */
    void checkHealthy() {
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("heartbeat failed: " + e.getMessage(), e);
        }
    }

    /** Stops writing and reading; idempotent. */
    void stop() {
        running.set(false);
        try {
            writer.join(Duration.ofSeconds(5));
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
