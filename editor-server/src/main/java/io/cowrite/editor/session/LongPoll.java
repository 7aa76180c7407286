package io.cowrite.editor.session;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One long poll (docs/protocol.md §13.3): its session joined the document from {@code since}; the join reply
 * answers at once when it brings anything (a snapshot, a resync, a catchup with ops), else the first op
 * committed afterwards does, as a one-op catchup; nothing until the timeout is an empty catchup.
 * Thread-safe (the document's executor and the timer call it).
 */
final class LongPoll {
    private final DocId doc;
    private final Long since;
    private final CompletableFuture<HttpAnswer> answer;
    private boolean joined;
    private boolean readOnly;

    LongPoll(DocId doc, Long since, CompletableFuture<HttpAnswer> answer) {
        this.doc = doc;
        this.since = since;
        this.answer = answer;
    }

    synchronized void on(ServerMessage m) {
        switch (m) {
            case ServerMessage.Snapshot s -> answer.complete(HttpAnswer.ok(s));
            case ServerMessage.Catchup c -> {
                joined = true;
                readOnly = c.readOnly();
                if (!c.ops().isEmpty()) answer.complete(HttpAnswer.ok(c));
            }
            case ServerMessage.Remote r -> answer.complete(HttpAnswer.ok(new ServerMessage.Catchup(doc, since, r.version() + 1,
                    List.of(new CommittedOp(r.version(), r.op(), r.clientId(), r.seq(), r.author(), r.time())), readOnly)));
            case ServerMessage.ErrorReply e -> answer.complete(HttpAnswer.error(e));
            default -> {
            }
        }
    }

    synchronized HttpAnswer timedOut() {
        if (!joined) return HttpAnswer.error(ErrorCode.UNAVAILABLE, "the document could not be joined in time; poll again");
        return HttpAnswer.ok(new ServerMessage.Catchup(doc, since, since, List.of(), readOnly));
    }
}
