package io.cowrite.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantTest {

    @Test
    void patternsMatchWholeIdsWithStarForAnyRun() {
        assertTrue(new Grant("*", Set.of(Permission.READ)).matches("anything"));
        Grant team = new Grant("team-*", Set.of(Permission.READ));
        assertTrue(team.matches("team-"));
        assertTrue(team.matches("team-notes"));
        assertFalse(team.matches("teams"));
        assertFalse(team.matches("my-team-notes"));
        Grant exact = new Grant("notes", Set.of(Permission.READ));
        assertTrue(exact.matches("notes"));
        assertFalse(exact.matches("notes2"));
        assertTrue(new Grant("a*b*c", Set.of(Permission.READ)).matches("a-x-b-y-c"));
        assertFalse(new Grant("a*b*c", Set.of(Permission.READ)).matches("a-x-c-b"));
    }

    @Test
    void strongerPermissionsImplyWeakerOnes() {
        Principal reader = new Principal("u", "U", List.of(new Grant("*", Set.of(Permission.READ))), null);
        assertTrue(reader.can(Permission.READ, "d"));
        assertFalse(reader.can(Permission.WRITE, "d"));
        assertFalse(reader.isAdmin());
        Principal writer = new Principal("u", "U", List.of(new Grant("d*", Set.of(Permission.WRITE))), null);
        assertTrue(writer.can(Permission.READ, "doc"));
        assertTrue(writer.can(Permission.WRITE, "doc"));
        assertFalse(writer.can(Permission.READ, "other"));
        Principal admin = new Principal("a", "A", List.of(Grant.everything()), null);
        assertTrue(admin.can(Permission.WRITE, "x") && admin.can(Permission.ADMIN, "x") && admin.isAdmin());
    }

    @Test
    void badPatternsAreRefused() {
        for (String bad : new String[] {"", "a.b", "a b", "x".repeat(129), "ü"}) {
            assertThrows(IllegalArgumentException.class, () -> new Grant(bad, Set.of(Permission.READ)), bad);
        }
    }
}
