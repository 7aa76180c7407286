package io.cowrite.app;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link OrphanedPostgresTest}: starts the embedded PostgreSQL on {@code args[0]},
 * prints {@code url <jdbc url>}, then waits for the test to kill it. If the test JVM dies instead, its
 * input ends and this process exits normally, which stops the PostgreSQL.
 */
final class EmbeddedDatabaseOwner {
    static final String URL_LINE = "url ";

    private EmbeddedDatabaseOwner() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]))) {
            System.out.println(URL_LINE + db.jdbcUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // owned until killed
            }
        }
    }
}
