package io.cowrite.history.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CommittedOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The growing ring against a model (every op ever added, the last {@code capacity} of them held). */
class RecentOpsTest {
    private static CommittedOp op(long version) throws Exception {
        return new CommittedOp(version, TextOp.of(new Component.Insert("v" + version)), "c", version + 1, "a", 0);
    }

    @Test
    void holdsTheLastCapacityOpsWhileItGrows() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int capacity = 1 + random.nextInt(40);
            long first = random.nextInt(1000);
            RecentOps recent = new RecentOps(capacity, first);
            List<CommittedOp> all = new ArrayList<>();
            int count = random.nextInt(120);
            for (int i = 0; i < count; i++) {
                CommittedOp op = op(first + i);
                recent.add(op);
                all.add(op);
                long expectedStart = first + Math.max(0, all.size() - capacity);
                String where = "seed " + seed + ", capacity " + capacity + ", after " + all.size() + " ops";
                assertEquals(expectedStart, recent.start(), where);
                assertEquals(first + all.size(), recent.end(), where);
                long from = expectedStart + random.nextInt((int) (recent.end() - expectedStart) + 1);
                assertEquals(all.subList((int) (from - first), all.size()), recent.since(from), where);
            }
        }
    }

    @Test
    void refusesAnOpOutOfOrder() throws Exception {
        RecentOps recent = new RecentOps(10, 5);
        recent.add(op(5));
        assertThrows(IllegalStateException.class, () -> recent.add(op(7)));
    }
}
