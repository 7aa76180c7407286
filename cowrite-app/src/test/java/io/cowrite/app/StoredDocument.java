package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextOpJson;
import io.cowrite.core.ot.TextType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads a document straight from PostgreSQL (not through the services) and checks its invariants. */
record StoredDocument(long version, String text) {

    static StoredDocument read(TestDatabase db, String doc) throws Exception {
        try (Connection c = db.connect()) {
            long count;
            long max;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(max(version), -1) FROM ops WHERE doc_id = ?")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                    max = rs.getLong(2);
                }
            }
            assertEquals(max + 1, count, "versions of " + doc + " must be contiguous from 0 (no gap, no duplicate)");
            String text = "";
            try (PreparedStatement ps = c.prepareStatement("SELECT op::text FROM ops WHERE doc_id = ? ORDER BY version")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) text = TextType.apply(text, TextOpJson.parse(rs.getString(1)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version, text FROM milestones WHERE doc_id = ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        assertMilestone(c, doc, rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return new StoredDocument(count, text);
        }
    }

    /** The ops committed at {@code from} and later, in version order, each decoded from its stored JSON. */
    static List<TextOp> opsFrom(TestDatabase db, String doc, long from) throws Exception {
        List<TextOp> ops = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT op::text FROM ops WHERE doc_id = ? AND version >= ? ORDER BY version")) {
            ps.setString(1, doc);
            ps.setLong(2, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ops.add(TextOpJson.parse(rs.getString(1)));
            }
        }
        return ops;
    }

    /** The milestone text must equal the ops replayed up to its version. */
    private static void assertMilestone(Connection c, String doc, long version, String milestone) throws Exception {
        String text = "";
        try (PreparedStatement ps = c.prepareStatement("SELECT op::text FROM ops WHERE doc_id = ? AND version < ? ORDER BY version")) {
            ps.setString(1, doc);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) text = TextType.apply(text, TextOpJson.parse(rs.getString(1)));
            }
        }
        assertEquals(text, milestone, "milestone of " + doc + " at " + version);
    }
}
