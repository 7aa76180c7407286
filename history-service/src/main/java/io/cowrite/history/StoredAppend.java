package io.cowrite.history;

import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import java.util.List;

/**
 * What {@link OpLog#append} did: the result for the caller, and the ops it newly committed (empty
 * unless {@code result} is {@link AppendResult.Appended}; duplicates excluded), to publish on the bus.
 */
public record StoredAppend(AppendResult result, List<CommittedOp> committed) {
    public StoredAppend {
        committed = List.copyOf(committed);
    }

    public static StoredAppend rejected(AppendResult result) {
        return new StoredAppend(result, List.of());
    }
}
