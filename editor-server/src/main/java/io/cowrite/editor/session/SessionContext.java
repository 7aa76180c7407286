package io.cowrite.editor.session;

import io.cowrite.auth.Authenticator;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.identity.ClientIdentity;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of this node shares.
 *
 * @param codec         the protocol codec
 * @param documents     the documents open on this node
 * @param sessions      the live sessions of this node
 * @param limits        per-connection bounds
 * @param quotas        bounds across connections (per user, per address)
 * @param identity      issues and verifies client ids with their resume secrets
 * @param authenticator turns {@code hello.token} into a principal (the one authorization component)
 * @param authExecutor  where authentication runs (it may block on a key fetch; never on an event loop)
 * @param node          this node's name, sent in {@code welcome}
 * @param timers        the node's timer thread (hello deadline, token expiry)
 * @param maxDocLength  the largest document in code points, announced in {@code welcome}
 */
public record SessionContext(ProtocolCodec codec, DocumentRegistry documents, SessionRegistry sessions,
                             SessionLimits limits, Quotas quotas, ClientIdentity identity, Authenticator authenticator,
                             Executor authExecutor, String node, ScheduledExecutorService timers, int maxDocLength) {
}
