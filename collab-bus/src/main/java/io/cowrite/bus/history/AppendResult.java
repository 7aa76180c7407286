package io.cowrite.bus.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/** The answer to an {@link AppendRequest}. JSON carries {@code "type": "appended" | "conflict" | "duplicate" | "failed"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AppendResult.Appended.class, name = "appended"),
        @JsonSubTypes.Type(value = AppendResult.Conflict.class, name = "conflict"),
        @JsonSubTypes.Type(value = AppendResult.Duplicate.class, name = "duplicate"),
        @JsonSubTypes.Type(value = AppendResult.Failed.class, name = "failed")
})
public sealed interface AppendResult {

    /** The head matched and every op was written: one outcome per requested op, in request order. */
    record Appended(List<Outcome> outcomes) implements AppendResult {
        public Appended {
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * The head was not {@code expectedVersion}: nothing was written. {@code missing} are the committed
     * ops from {@code expectedVersion} on (at most one page); {@code more} says ops beyond them exist,
     * so the caller fetches the rest with a range request before transforming and retrying.
     */
    record Conflict(long head, List<CommittedOp> missing, boolean more) implements AppendResult {
        public Conflict {
            missing = List.copyOf(missing);
        }
    }

    /**
     * Some ops of the batch were committed earlier (same clientId and seq): NOTHING was written, because
     * the later ops of a batch are transformed as if the earlier ones applied. {@code duplicates} name
     * them with their original versions; the caller acks those and retries the rest.
     */
    record Duplicate(List<DuplicateOf> duplicates) implements AppendResult {
        public Duplicate {
            duplicates = List.copyOf(duplicates);
        }

        /** The original version of (clientId, seq), or null if it is not among the duplicates. */
        public Long versionOf(String clientId, long seq) {
            for (DuplicateOf d : duplicates) if (d.seq() == seq && d.clientId().equals(clientId)) return d.version();
            return null;
        }
    }

    /** One op of a batch that had been committed before, at {@code version}. */
    record DuplicateOf(String clientId, long seq, long version) {
    }

    /** The request was refused; nothing was written. {@code code} is one of {@link HistoryError}'s codes. */
    record Failed(String code, String message) implements AppendResult {
        public Failed {
            Objects.requireNonNull(code, "code");
        }
    }
}
