package io.tandem.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A wall-clock profile of tandem's threads in this JVM: every 10 ms, each thread's state and stack is
 * sampled and put in one bucket. JFR's execution samples show where CPU goes; this shows where
 * <em>time</em> goes, including the time the apply thread spends waiting for the target's answer,
 * which is what bounds a serial applier.
 *
 * <p>Buckets: "waiting for a server" (RUNNABLE in a socket read: a JDBC round trip or the binlog
 * stream), "idle" (parked or sleeping: an empty ring, a timer), and "running" (anything else, in Java).
 * A socket wait is labelled with the innermost tandem method on the stack, which names the statement
 * that was waited for (RowWriter.update, TransactionApplier.commit, ...).
 */
final class ThreadProfile {

    private static final long PERIOD_MILLIS = 10;

    /**
     * One thread's share of the samples.
     *
     * @param thread the thread's name, with the session number of per-session threads folded to N
     * @param samples how many samples it was seen in
     * @param buckets share of those samples per bucket, largest first
     */
    record ThreadShare(String thread, long samples, Map<String, Double> buckets) {}

    private final String namePrefix;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread sampler;

    ThreadProfile(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    void start() {
        running.set(true);
        sampler = Thread.ofPlatform().name("bench-thread-profile").daemon().start(() -> {
            while (running.get()) {
                sampleOnce();
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops sampling and returns each sampled thread's buckets, busiest thread first. */
    List<ThreadShare> stop() {
        running.set(false);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ThreadShare> shares = new ArrayList<>();
        synchronized (counts) {
            counts.forEach((thread, buckets) -> {
                long total = totals.get(thread);
                Map<String, Double> shareByBucket = new LinkedHashMap<>();
                buckets.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> shareByBucket.put(e.getKey(), (double) e.getValue() / total));
                shares.add(new ThreadShare(thread, total, shareByBucket));
            });
        }
        shares.sort(Comparator.comparingDouble((ThreadShare s) -> s.buckets().getOrDefault("idle", 0.0)));
        return shares;
    }

    private void sampleOnce() {
        ThreadInfo[] infos = threads.dumpAllThreads(false, false, 48);
        synchronized (counts) {
            for (ThreadInfo info : infos) {
                if (info == null || !info.getThreadName().startsWith(namePrefix)) {
                    continue;
                }
                // A source session's threads are numbered by session: fold those; stage numbers stay.
                String thread = info.getThreadName().replaceAll("-(binlog|watchdog)-\\d+$", "-$1-N");
                counts.computeIfAbsent(thread, t -> new HashMap<>()).merge(bucket(info), 1L, Long::sum);
                totals.merge(thread, 1L, Long::sum);
            }
        }
    }

    static String bucket(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        switch (info.getThreadState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> {
                return "idle";
            }
            default -> {
            }
        }
        boolean socketRead = false;
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("io.tandem.")) {
                String method = simpleName(name) + "." + frame.getMethodName();
                return socketRead ? "waiting for a server in " + method : "running in " + method;
            }
            if (isSocketRead(frame)) {
                socketRead = true;
            }
        }
        if (socketRead) {
            return "waiting for a server";
        }
        return stack.length == 0 ? "running" : "running in " + simpleName(stack[0].getClassName()) + "."
                + stack[0].getMethodName();
    }

    private static boolean isSocketRead(StackTraceElement frame) {
        String name = frame.getClassName();
        String method = frame.getMethodName();
        return (name.equals("sun.nio.ch.NioSocketImpl") && (method.equals("read") || method.equals("park")
                || method.equals("implRead") || method.equals("timedRead")))
                || name.equals("sun.nio.ch.Net") && method.equals("poll")
                || name.startsWith("java.net.Socket$SocketInputStream")
                || name.equals("java.net.SocketInputStream");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
