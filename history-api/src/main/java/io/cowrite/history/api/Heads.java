package io.cowrite.history.api;

import java.util.Map;

/**
 * A head heartbeat of one shard: the head version of every document of the shard that committed
 * recently, published by its owner every few seconds. A follower behind one of these heads lost a
 * committed batch (core NATS is at most once) and fetches the range; this is what reveals the loss of
 * the last op of a burst, which no later op would.
 */
public record Heads(int shard, Map<String, Long> heads) {
    public Heads {
        heads = Map.copyOf(heads);
    }
}
