package io.cowrite.history.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retention keys as an operator writes them (docs/operations.md). */
class RetentionConfigTest {
    @Test
    void aHorizonInDaysAndTheDefaults() {
        try (ApplicationContext c = ApplicationContext.run(Map.of("cowrite.history.retention.horizon", "30d"))) {
            RetentionConfig config = c.getBean(RetentionConfig.class);
            assertEquals(Duration.ofDays(30), config.horizon());
            assertEquals(Duration.ofHours(1), config.interval());
        }
        try (ApplicationContext c = ApplicationContext.run()) {
            assertNull(c.getBean(RetentionConfig.class).horizon(), "keep everything unless told");
        }
    }
}
