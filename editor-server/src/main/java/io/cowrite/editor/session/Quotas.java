package io.cowrite.editor.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-node limits that span connections: connections per user and per client address (generous, since
 * many people share an address behind NAT), and ops per second per user across all their connections
 * (a token bucket). Anonymous users of the open mode have no user id: only the address limit and the
 * per-connection limits apply to them. Thread-safe.
 *
 * @see SessionLimits for the limits of one connection
 */
public final class Quotas {
    private final int perUser;
    private final int perAddress;
    private final double userOpsPerSecond;
    private final Map<String, AtomicInteger> users = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> addresses = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> userRates = new ConcurrentHashMap<>();
    /** When a connection from each address was last closed for flooding (4003), in nanos; pruned as it grows. */
    private final Map<String, Long> floodedAt = new ConcurrentHashMap<>();
    /** §8: after a 4003 a client waits at least 5 s; a connection opened sooner gets no burst. */
    static final long FLOOD_PENALTY_NANOS = 5_000_000_000L;

    public Quotas(int perUser, int perAddress, double userOpsPerSecond) {
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.userOpsPerSecond = userOpsPerSecond;
    }

    /** A connection from {@code address} opened; false (and not counted) when the address has too many. */
    boolean openFrom(String address) {
        return acquire(addresses, address, perAddress);
    }

    void closedFrom(String address) {
        release(addresses, address);
    }

    /** A connection authenticated as {@code user}; false (and not counted) when the user has too many. */
    boolean helloAs(String user) {
        return user == null || acquire(users, user, perUser);
    }

    void goneAs(String user) {
        if (user != null) release(users, user);
    }

    /** One op of {@code user}; false when the user is over its rate across connections. */
    boolean opBy(String user) {
        if (user == null) return true;
        RateLimiter r = userRates.computeIfAbsent(user, u -> new RateLimiter(userOpsPerSecond, 2 * userOpsPerSecond, System.nanoTime()));
        synchronized (r) {
            return r.tryAcquire(System.nanoTime());
        }
    }

    /** A connection from {@code address} was closed for flooding (4003). */
    void flooded(String address) {
        long now = System.nanoTime();
        floodedAt.put(address, now);
        if (floodedAt.size() > 4096) floodedAt.values().removeIf(t -> now - t > FLOOD_PENALTY_NANOS);
    }

    /**
     * True when a connection from {@code address} was closed for flooding less than 5 s ago: a client that
     * reconnects at once must not get a fresh burst of ops each time (the burst is for clients that were idle).
     */
    boolean floodedRecently(String address) {
        Long t = floodedAt.get(address);
        if (t == null) return false;
        if (System.nanoTime() - t <= FLOOD_PENALTY_NANOS) return true;
        floodedAt.remove(address, t);
        return false;
    }

    private static boolean acquire(Map<String, AtomicInteger> counts, String key, int max) {
        boolean[] ok = {false};
        counts.compute(key, (k, n) -> {
            int now = n == null ? 0 : n.get();
            if (now >= max) return n;
            ok[0] = true;
            AtomicInteger c = n == null ? new AtomicInteger() : n;
            c.incrementAndGet();
            return c;
        });
        return ok[0];
    }

    private void release(Map<String, AtomicInteger> counts, String key) {
        counts.computeIfPresent(key, (k, n) -> {
            if (n.decrementAndGet() > 0) return n;
            if (counts == users) userRates.remove(k); // the user's last connection: forget its rate
            return null;
        });
    }
}
