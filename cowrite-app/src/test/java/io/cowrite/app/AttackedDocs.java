package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents {@link HostileTrafficIT} attacks, written once by a legitimate client before the attack:
 * three the attackers may write ({@code atk-0..2}), one they may only read ({@code ro-0}), and one a few
 * characters short of the maximum length ({@code atk-big}). Nothing valid is ever sent to them afterwards,
 * so their state is known to every case and must be unchanged in PostgreSQL at the end.
 */
final class AttackedDocs {
    static final List<String> WRITABLE = List.of("atk-0", "atk-1", "atk-2");
    static final String READ_ONLY = "ro-0";
    static final String BIG = "atk-big";

    /** A document's committed state: version and text (positions count code points). */
    record State(long version, String text) {
        int length() {
            return text.codePointCount(0, text.length());
        }
    }

    private final Map<String, State> states = new LinkedHashMap<>();

    /** Documents in known states, without a server (for checking the catalogue). */
    static AttackedDocs of(Map<String, State> states) {
        AttackedDocs docs = new AttackedDocs();
        docs.states.putAll(states);
        return docs;
    }

    /** Writes the documents with {@code writer} (which may write all of them); {@code maxDocLength} sizes atk-big. */
    static AttackedDocs write(TestClient writer, int maxDocLength) throws io.cowrite.core.ot.OtException {
        AttackedDocs docs = new AttackedDocs();
        for (String id : WRITABLE) {
            docs.edit(writer, id, List.of("Attacked text of " + id + ": ", "é中😀 must survive\n", "every hostile frame."));
        }
        docs.edit(writer, READ_ONLY, List.of("Readers only. ", "Writes are forbidden."));
        int chunk = 40_000; // each op fits in a 64 KiB message
        int total = maxDocLength - 40; // an insert of more than 40 code points is doc_too_large
        List<String> pieces = new java.util.ArrayList<>();
        for (int done = 0; done < total; done += chunk) pieces.add("b".repeat(Math.min(chunk, total - done)));
        docs.edit(writer, BIG, pieces);
        return docs;
    }

    private void edit(TestClient writer, String id, List<String> appends) throws io.cowrite.core.ot.OtException {
        DocumentClient d = writer.join(id);
        for (String piece : appends) {
            int at = d.text().codePointCount(0, d.text().length());
            d.edit(at == 0 ? TextOp.of(new Component.Insert(piece)) : TextOp.of(new Component.Skip(at), new Component.Insert(piece)));
            Awaits.until(d::isSynchronized, Duration.ofSeconds(20), id + " written");
        }
        states.put(id, new State(d.version(), d.text()));
    }

    State state(String id) {
        return states.get(id);
    }

    Map<String, State> all() {
        return states;
    }

    /** Each document in PostgreSQL is exactly as written before the attack. */
    void assertUnchanged(TestDatabase db) throws Exception {
        for (Map.Entry<String, State> e : states.entrySet()) {
            StoredDocument stored = StoredDocument.read(db, e.getKey());
            assertEquals(e.getValue().version(), stored.version(), e.getKey() + ": no op of the attack was committed");
            assertEquals(e.getValue().text(), stored.text(), e.getKey() + " text");
        }
    }
}
