package io.cowrite.history;

import static io.cowrite.history.Ops.committed;
import static io.cowrite.history.Ops.newDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.history.owner.Leases;
import io.cowrite.history.owner.PostgresLeases;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.PostgresHistoryStore;
import io.cowrite.history.store.SqlFailures;
import io.cowrite.history.store.StoreException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The store contract against the real PostgreSQL, plus what only a real database does (issue 8.1). */
class PostgresHistoryStoreIT extends HistoryStoreContract {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = new TestDatabase().migrated();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    create function refuse_poison() returns trigger language plpgsql as $$
                    begin
                      if new.op::text like '%poison%' then
                        raise exception 'poison is not stored' using errcode = 'check_violation';
                      end if;
                      return new;
                    end $$""");
            s.execute("create trigger refuse_poison before insert on ops for each row execute function refuse_poison()");
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) db.close();
    }

    @Override
    protected HistoryStore createStore() {
        return new PostgresHistoryStore(db.dataSource());
    }

    @Override
    protected Leases leases() {
        return new PostgresLeases(db.dataSource());
    }

    /** A storage fault that is not U+0000: the database refuses the data, and will again. Nothing is written. */
    @Test
    void aCommitTheDatabaseRefusesIsPermanent() {
        String doc = newDoc();
        StoreException e = assertThrows(StoreException.class, () -> store.commit(OWNER, List.of(
                batch(doc, 0, List.of(committed(0, "a", 1, "fine"), committed(1, "b", 1, "poison")), List.of()))));
        assertEquals(StoreException.Kind.PERMANENT, e.kind());
        assertEquals(0, store.load(doc).head());
    }

    @Test
    void anOutageIsRetryable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/nowhere");
        nowhere.setConnectTimeout(1);
        StoreException e = assertThrows(StoreException.class, () -> new PostgresHistoryStore(nowhere).commit(OWNER,
                List.of(batch(newDoc(), 0, List.of(committed(0, "a", 1, "x")), List.of()))));
        assertEquals(StoreException.Kind.RETRYABLE, e.kind());
    }

    @Test
    void sqlStatesAreSortedByClass() {
        assertTrue(SqlFailures.isPermanent("22P05")); // untranslatable character (U+0000 in text)
        assertTrue(SqlFailures.isPermanent("23514")); // check violation
        assertTrue(SqlFailures.isPermanent("P0001")); // raise_exception
        assertFalse(SqlFailures.isPermanent("23505")); // unique race
        assertFalse(SqlFailures.isPermanent("08006")); // connection failure
        assertFalse(SqlFailures.isPermanent("57P01")); // admin shutdown
        assertFalse(SqlFailures.isPermanent("40001")); // serialization failure
    }
}
