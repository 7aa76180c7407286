package io.cowrite.history.owner;

import static io.cowrite.history.Ops.insert;
import static io.cowrite.history.owner.OwnerFixture.send;
import static io.cowrite.history.owner.OwnerFixture.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.Heads;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.api.SubmitResult.Committed;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases, takeover, fencing and rebalance with two replicas on one store, the clock moved by hand: one
 * sequencer per document at a time, an owner whose lease moved commits nothing, and resends of what
 * was committed are answered, never applied twice.
 */
class OwnershipTest {
    private final OwnerFixture env = new OwnerFixture();

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private static ErrorCode code(SubmitResult r) {
        return assertInstanceOf(SubmitResult.Refused.class, r).code();
    }

    @Test
    void aSingleReplicaOwnsEveryShard() {
        OwnerNode a = env.replica("a");
        assertEquals(Set.of(0, 1, 2, 3), a.sequencers().shards());
    }

    /** A stop with the database gone (the embedded PostgreSQL stopped first) gives up after one release, not one per shard. */
    @Test
    void aStopWithTheDatabaseGoneTriesOneReleaseOnly() {
        OwnerNode a = env.replica("a");
        assertEquals(4, a.sequencers().shards().size());
        env.releasesFail = true;
        a.keeper().close();
        assertEquals(1, env.releaseAttempts.get(), "the other leases expire by themselves");
        assertEquals(Set.of(), a.sequencers().shards(), "and the replica answers for none of them");
    }

    /** A paused owner (GC, SIGSTOP) whose lease moved cannot commit; the new owner dedups the resends. */
    @Test
    void anOwnerWhoseLeaseMovedCommitsNothing() throws Exception {
        OwnerNode a = env.replica("a");
        assertEquals(new Committed(0), submit(a, "fenced", 0, "c", 1, insert(0, "x")));

        env.clock.advance(OwnerFixture.TTL.plusSeconds(1)); // a stops renewing: its leases lapse
        OwnerNode b = env.replica("b"); // takes every lapsed shard, with a higher epoch
        assertEquals(Set.of(0, 1, 2, 3), b.sequencers().shards());

        // a wakes up still believing it owns the document: its commit is fenced off.
        assertEquals(ErrorCode.UNAVAILABLE, code(submit(a, "fenced", 1, "c", 2, insert(1, "y"))));
        assertEquals("x", env.text("fenced"));
        // The client resends to the new owner; a resend of what a committed is answered, not reapplied.
        assertEquals(new Committed(1), submit(b, "fenced", 1, "c", 2, insert(1, "y")));
        assertEquals(new Committed(0), submit(b, "fenced", 0, "c", 1, insert(0, "x")));
        assertEquals("xy", env.text("fenced"));

        a.keeper().tick(); // a learns it lost its leases and stops answering for them
        assertEquals(Set.of(), a.sequencers().shards());
        assertEquals(ErrorCode.UNAVAILABLE, code(submit(a, "fenced", 2, "c", 3, insert(2, "z"))));
    }

    @Test
    void anOpInFlightWhenTheLeaseMovesIsNotCommittedByTheOldOwner() throws Exception {
        OwnerNode a = env.replica("a");
        env.store.hold();
        CompletableFuture<SubmitResult> inFlight = send(a, "moving", 0, "c", 1, insert(0, "x"));
        env.store.awaitArrivals(1);
        env.clock.advance(OwnerFixture.TTL.plusSeconds(1));
        OwnerNode b = env.replica("b");
        env.store.open();
        assertEquals(ErrorCode.UNAVAILABLE, code(inFlight.get(10, TimeUnit.SECONDS)));
        assertEquals(new Committed(0), submit(b, "moving", 0, "c", 1, insert(0, "x")));
        assertEquals("x", env.text("moving"));
    }

    @Test
    void aNewReplicaTakesItsShareAndSubmitsFollowTheShards() throws Exception {
        OwnerNode a = env.replica("a");
        OwnerNode b = env.replica("b"); // alive, but every shard is held
        assertEquals(Set.of(), b.sequencers().shards());
        a.keeper().tick(); // two live replicas: a hands over its excess
        b.keeper().tick(); // and b takes it
        assertEquals(2, a.sequencers().shards().size());
        assertEquals(2, b.sequencers().shards().size());

        ShardMap map = new ShardMap(OwnerFixture.SHARDS);
        for (int i = 0; i < 20; i++) {
            String doc = "spread-" + i;
            OwnerNode owner = a.sequencers().shards().contains(map.shardOf(doc)) ? a : b;
            OwnerNode other = owner == a ? b : a;
            assertEquals(ErrorCode.UNAVAILABLE, code(submit(other, doc, 0, "c", 1, insert(0, "x"))));
            assertEquals(new Committed(0), submit(owner, doc, 0, "c", 1, insert(0, "x")));
        }
    }

    @Test
    void theOwnerPublishesTheHeadsOfRecentlyWrittenDocuments() throws Exception {
        LinkedBlockingQueue<Heads> heads = new LinkedBlockingQueue<>();
        env.hub.heads(heads::add);
        OwnerNode a = env.replica("a");
        submit(a, "beating", 0, "c", 1, insert(0, "x"));
        submit(a, "beating", 1, "c", 2, insert(0, "y"));
        Heads h;
        do {
            h = heads.poll(10, TimeUnit.SECONDS);
            assertTrue(h != null, "a heartbeat arrives");
        } while (!h.heads().containsKey("beating"));
        assertEquals(2L, h.heads().get("beating"));
        assertEquals(new ShardMap(OwnerFixture.SHARDS).shardOf("beating"), h.shard());
    }
}
