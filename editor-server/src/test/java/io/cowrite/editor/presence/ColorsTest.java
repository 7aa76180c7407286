package io.cowrite.editor.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColorsTest {
    @Test
    void noTwoPaletteColorsLookAlike() {
        List<String> p = Colors.palette();
        for (int i = 0; i < p.size(); i++) {
            for (int j = i + 1; j < p.size(); j++) {
                double d = Colors.nearest(p.get(i), Set.of(p.get(j)));
                assertTrue(d >= Colors.TOO_CLOSE, p.get(i) + " and " + p.get(j) + " are only " + d + " apart");
            }
        }
    }

    @Test
    void upToSixteenPeopleInADocumentGetSixteenDistinctColors() {
        long seed = Long.getLong("cowrite.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 1000; round++) {
            Set<String> taken = new HashSet<>();
            for (int person = 0; person < 16; person++) {
                String c = Colors.distinct(Colors.forClient("client-" + random.nextLong()), taken);
                assertTrue(taken.add(c), "seed " + seed + " (-Dcowrite.seed to reproduce): person " + person + " got a taken color");
            }
        }
    }

    @Test
    void aSessionKeepsItsColorWhenNothingNearIsTaken() {
        String own = Colors.forClient("ada");
        assertEquals(own, Colors.distinct(own, Set.of()));
        String far = Colors.palette().stream().filter(c -> Colors.nearest(c, Set.of(own)) > 60).findFirst().orElseThrow();
        assertEquals(own, Colors.distinct(own, Set.of(far)));
        assertTrue(Colors.nearest(Colors.distinct(own, Set.of(own)), Set.of(own)) >= Colors.TOO_CLOSE);
    }
}
