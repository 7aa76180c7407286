package io.cowrite.history.api;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which shard a document belongs to. Documents are owned by shard: one history-service replica holds
 * the lease on a shard and sequences all of its documents. The map must be the same on every editor
 * node and replica of a deployment (same shard count), so it is a pure function of the id: CRC-32 of
 * its UTF-8 bytes modulo the shard count. Thread-safe (immutable).
 */
public record ShardMap(int shards) {
    public ShardMap {
        if (shards < 1 || shards > 4096) throw new IllegalArgumentException("shards must be 1..4096");
    }

    public int shardOf(String doc) {
        CRC32 crc = new CRC32();
        crc.update(doc.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
