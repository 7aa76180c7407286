package io.cowrite.history;

import static io.cowrite.history.Ops.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.bus.LocalBus;
import io.cowrite.history.api.BusCommitPublisher;
import io.cowrite.history.api.BusDocumentOwners;
import io.cowrite.history.api.BusHistoryReader;
import io.cowrite.history.api.HistoryError;
import io.cowrite.history.api.HistoryException;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.OwnerSettings;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bus endpoint over the in-process bus: reads in the queue group, submits on the owned shards' subjects. */
class HistoryBusEndpointTest {
    private final LocalBus bus = new LocalBus();
    private final HistorySubjects subjects = new HistorySubjects("endpoint");
    private final InMemoryLeases leases = new InMemoryLeases(Clock.systemUTC());
    private final InMemoryHistoryStore store = new InMemoryHistoryStore(leases);
    private final OwnerNode owner = new OwnerNode(store, leases, new BusCommitPublisher(bus, subjects),
            new OwnerSettings("r1", 4, Duration.ofSeconds(30), Duration.ofHours(1), 1000, 1_000_000, 100, 256, 1000,
                    100, Duration.ofSeconds(2), Duration.ofSeconds(30)), Clock.systemUTC()).start();
    private final HistoryBusEndpoint endpoint = new HistoryBusEndpoint(bus, subjects,
            new HistoryService(store, new InMemoryClusterSecrets(), 50), owner.sequencers(), 2, 10).start();
    private final BusHistoryReader reader = new BusHistoryReader(bus, subjects, Duration.ofSeconds(5));
    private final BusDocumentOwners owners = new BusDocumentOwners(bus, subjects, new ShardMap(4), Duration.ofSeconds(5));

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
        owner.close();
        bus.close();
    }

    @Test
    void submitsReachTheOwnerAndReadsAnyReplica() throws Exception {
        assertEquals(new SubmitResult.Committed(0),
                owners.submit(new Submit("d", 0, "c", 1, "Ada", insert(0, "hi"))).get(5, TimeUnit.SECONDS));
        assertEquals("hi", Ops.text(reader.load("d").get(5, TimeUnit.SECONDS)));
        assertEquals(1, reader.range("d", 0, 1).get(5, TimeUnit.SECONDS).size());
        assertEquals(java.util.Map.of("d", 1L), reader.heads(List.of("d", "never")).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aBadReadIsRejectedAndAnUnknownSecretToo() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> reader.load("a.b").get(5, TimeUnit.SECONDS));
        assertEquals(HistoryError.INVALID_DOC, assertInstanceOf(HistoryException.Rejected.class, e.getCause()).code());
        ExecutionException s = assertThrows(ExecutionException.class, () -> reader.secret("root").get(5, TimeUnit.SECONDS));
        assertInstanceOf(HistoryException.Rejected.class, s.getCause());
    }

    @Test
    void theIdentitySecretIsTheSameEveryTime() throws Exception {
        String first = reader.secret("identity").get(5, TimeUnit.SECONDS);
        assertEquals(first, reader.secret("identity").get(5, TimeUnit.SECONDS));
    }

    @Test
    void aSubmitForAShardNobodyOwnsIsUnavailable() throws Exception {
        owner.close(); // releases every shard and unsubscribes
        SubmitResult r = owners.submit(new Submit("d", 0, "c", 1, "Ada", insert(0, "x"))).get(10, TimeUnit.SECONDS);
        assertEquals(io.cowrite.core.protocol.ErrorCode.UNAVAILABLE, assertInstanceOf(SubmitResult.Refused.class, r).code());
    }
}
