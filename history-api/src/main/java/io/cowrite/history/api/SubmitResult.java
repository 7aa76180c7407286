package io.cowrite.history.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.cowrite.core.protocol.ErrorCode;
import java.util.Objects;

/**
 * What the owner answers to a {@link Submit}. JSON carries {@code "type": "committed" | "refused"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SubmitResult.Committed.class, name = "committed"),
        @JsonSubTypes.Type(value = SubmitResult.Refused.class, name = "refused")
})
public sealed interface SubmitResult {

    /**
     * The op is durable at {@code version}. For a resend of an op committed earlier, its original version
     * (it was not applied again). The committed batch was published before this answer was sent.
     */
    record Committed(long version) implements SubmitResult {
    }

    /**
     * The op was not committed. {@code code} is the protocol's reply error for the client: retryable ones
     * ({@code unavailable}: no owner right now, storage down, the lease moved) mean resend the same op;
     * the others mean it never commits as it is. {@code detail} refines {@code invalid_op}.
     */
    record Refused(ErrorCode code, String message, String detail) implements SubmitResult {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public static Refused unavailable(String message) {
            return new Refused(ErrorCode.UNAVAILABLE, message, null);
        }
    }
}
