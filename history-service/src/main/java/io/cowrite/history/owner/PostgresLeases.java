package io.cowrite.history.owner;

import io.cowrite.history.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@link Leases} in PostgreSQL (tables {@code shard_leases} and {@code history_replicas}, Flyway V3).
 * Expiry is judged by the database's clock, the one clock every replica shares. A takeover is an UPDATE
 * of the lease row, so it waits for a commit in progress that holds the row {@code FOR SHARE} (the
 * fence); {@code lock_timeout} keeps the lease keeper from waiting long on one row.
 */
public final class PostgresLeases implements Leases {
    private final DataSource dataSource;

    public PostgresLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private interface Body<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(String what, Body<T> body) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var s = c.createStatement()) {
                    s.execute("set local lock_timeout = '1s'");
                }
                T out = body.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    private static String seconds(Duration ttl) {
        return ttl.toMillis() / 1000.0 + " seconds";
    }

    @Override
    public void heartbeat(String replica, Duration ttl) {
        tx("Heartbeat", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into history_replicas (id, heartbeat_at) values (?, now())
                    on conflict (id) do update set heartbeat_at = now()""")) {
                ps.setString(1, replica);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from history_replicas where heartbeat_at < now() - interval '1 hour'")) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int liveReplicas(Duration ttl) {
        return tx("Live replicas", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*) from history_replicas where heartbeat_at > now() - ?::interval")) {
                ps.setString(1, seconds(ttl));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Math.max(1, rs.getInt(1));
                }
            }
        });
    }

    @Override
    public Set<Integer> takeable(int shards) {
        return tx("Takeable shards", c -> {
            Set<Integer> out = new HashSet<>();
            for (int s = 0; s < shards; s++) out.add(s);
            try (PreparedStatement ps = c.prepareStatement(
                    "select shard from shard_leases where owner is not null and expires_at > now()")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.remove(rs.getInt(1));
                }
            }
            return out;
        });
    }

    @Override
    public OptionalLong acquire(int shard, String owner, Duration ttl) {
        return tx("Acquire of shard " + shard, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into shard_leases (shard, owner, epoch, expires_at) values (?, ?, 1, now() + ?::interval)
                    on conflict (shard) do update
                      set owner = excluded.owner, epoch = shard_leases.epoch + 1, expires_at = excluded.expires_at
                      where shard_leases.owner is null or shard_leases.expires_at <= now()
                         or shard_leases.owner = excluded.owner
                    returning epoch""")) {
                ps.setInt(1, shard);
                ps.setString(2, owner);
                ps.setString(3, seconds(ttl));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public Set<Integer> renew(String owner, Map<Integer, Long> held, Duration ttl) {
        if (held.isEmpty()) return Set.of();
        return tx("Renewal", c -> {
            Integer[] shards = held.keySet().toArray(Integer[]::new);
            Long[] epochs = new Long[shards.length];
            for (int i = 0; i < shards.length; i++) epochs[i] = held.get(shards[i]);
            try (PreparedStatement ps = c.prepareStatement("""
                    update shard_leases l set expires_at = now() + ?::interval
                    from unnest(?::integer[], ?::bigint[]) as h(shard, epoch)
                    where l.shard = h.shard and l.epoch = h.epoch and l.owner = ? and l.expires_at > now()
                    returning l.shard""")) {
                ps.setString(1, seconds(ttl));
                ps.setArray(2, c.createArrayOf("integer", shards));
                ps.setArray(3, c.createArrayOf("bigint", epochs));
                ps.setString(4, owner);
                Set<Integer> kept = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) kept.add(rs.getInt(1));
                }
                return kept;
            }
        });
    }

    @Override
    public void release(int shard, String owner, long epoch) {
        tx("Release of shard " + shard, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "update shard_leases set owner = null, expires_at = now() where shard = ? and owner = ? and epoch = ?")) {
                ps.setInt(1, shard);
                ps.setString(2, owner);
                ps.setLong(3, epoch);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
