package io.cowrite.bus.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/** The answer to an {@link AppendRequest}. JSON carries {@code "type": "appended" | "conflict" | "failed"}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AppendResult.Appended.class, name = "appended"),
        @JsonSubTypes.Type(value = AppendResult.Conflict.class, name = "conflict"),
        @JsonSubTypes.Type(value = AppendResult.Failed.class, name = "failed")
})
public sealed interface AppendResult {

    /** The head matched: one outcome per requested op, in request order. */
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

    /** The request was refused; nothing was written. {@code code} is one of {@link HistoryError}'s codes. */
    record Failed(String code, String message) implements AppendResult {
        public Failed {
            Objects.requireNonNull(code, "code");
        }
    }
}
