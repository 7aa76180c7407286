package io.cowrite.history;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The secrets contract against the real PostgreSQL, in a fresh database migrated by Flyway. */
class PostgresClusterSecretsIT extends ClusterSecretsContract {
    private static TestDatabase db;
    private static ClusterSecrets secrets;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = new TestDatabase().migrated();
        secrets = new PostgresClusterSecrets(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) db.close();
    }

    @Override
    protected ClusterSecrets secrets() {
        return secrets;
    }
}
