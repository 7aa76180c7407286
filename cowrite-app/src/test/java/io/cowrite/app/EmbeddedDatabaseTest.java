package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The single-process mode's embedded PostgreSQL is durable (an ack means the edit survives a crash). */
class EmbeddedDatabaseTest {

    @Test
    void fsyncAndSynchronousCommitAreOn() throws Exception {
        Path dir = Files.createTempDirectory("cowrite-embedded-");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"))) {
            assertEquals("on", db.setting("fsync"));
            assertEquals("on", db.setting("synchronous_commit"));
            assertEquals("on", db.setting("full_page_writes"));
        }
    }
}
