package io.cowrite.history.owner;

import io.cowrite.core.ot.TextOpJson;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.StoreException;
import java.util.List;

/**
 * A real store whose database refuses, for good, any commit holding an op with the word "poison": the
 * storage fault of a constraint, without U+0000 (issue 8.1).
 */
final class RefusingStore extends ForwardingStore {
    RefusingStore(HistoryStore real) {
        super(real);
    }

    @Override
    public void commit(String owner, List<DocBatch> batches) {
        for (DocBatch b : batches) {
            for (CommittedOp op : b.ops()) {
                if (TextOpJson.toJsonString(op.op()).contains("poison")) {
                    throw new StoreException(StoreException.Kind.PERMANENT, "check_violation: poison is not stored", null);
                }
            }
        }
        real.commit(owner, batches);
    }
}
