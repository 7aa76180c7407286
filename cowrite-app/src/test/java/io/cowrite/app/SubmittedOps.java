package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The check of the fault tests: PostgreSQL holds each submitted (client id, seq) once, and nothing else. */
final class SubmittedOps {
    private SubmittedOps() {
    }

    /** The (client id, seq) pairs in PostgreSQL are the submitted ones, each once. */
    static void assertStored(TestDatabase db, List<String> docs, Set<String> submitted) throws Exception {
        List<String> rows = new ArrayList<>();
        try (java.sql.Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT client_id || '/' || client_seq FROM ops WHERE doc_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", docs.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(rs.getString(1));
            }
        }
        Set<String> stored = new HashSet<>(rows);
        assertEquals(rows.size(), stored.size(), "a (client id, seq) committed twice");
        Set<String> lost = new HashSet<>(submitted);
        lost.removeAll(stored);
        Set<String> unknown = new HashSet<>(stored);
        unknown.removeAll(submitted);
        assertTrue(lost.isEmpty(), lost.size() + " submitted ops are not in PostgreSQL, e.g. " + lost.stream().limit(5).toList());
        assertTrue(unknown.isEmpty(), unknown.size() + " ops in PostgreSQL were never submitted, e.g. " + unknown.stream().limit(5).toList());
        assertEquals(submitted.size(), rows.size());
        System.out.printf("PostgreSQL holds %d ops = %d distinct (client id, seq) submitted%n", rows.size(), submitted.size());
    }
}
