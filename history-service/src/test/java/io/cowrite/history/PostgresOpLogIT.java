package io.cowrite.history;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The op log contract against the real PostgreSQL, in a fresh database migrated by Flyway. */
class PostgresOpLogIT extends OpLogContract {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = new TestDatabase().migrated();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) db.close();
    }

    @Override
    protected OpLog createLog(OpLogSettings settings) {
        return new PostgresOpLog(db.dataSource(), settings, Clock.systemUTC());
    }
}
