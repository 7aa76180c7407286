package io.cowrite.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The contract of every {@link ClusterSecrets}; run against the in-memory and the PostgreSQL one. */
abstract class ClusterSecretsContract {

    protected abstract ClusterSecrets secrets();

    @Test
    void aSecretIsCreatedOnceAndThenAlwaysTheSame() {
        String name = "s-" + UUID.randomUUID();
        String first = secrets().getOrCreate(name);
        assertTrue(first.matches("[A-Za-z0-9_-]{43}"), first);
        assertEquals(first, secrets().getOrCreate(name));
        assertNotEquals(first, secrets().getOrCreate(name + "-other"));
    }

    @Test
    void concurrentCreatorsAgreeOnOneValue() throws Exception {
        String name = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> got = new ArrayList<>();
            for (int i = 0; i < 16; i++) got.add(pool.submit(() -> secrets().getOrCreate(name)));
            Set<String> values = new HashSet<>();
            for (Future<String> f : got) values.add(f.get());
            assertEquals(1, values.size(), "every caller sees the first value");
        } finally {
            pool.shutdownNow();
        }
    }
}
