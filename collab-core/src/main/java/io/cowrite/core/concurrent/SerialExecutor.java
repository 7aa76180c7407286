package io.cowrite.core.concurrent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared underlying executor: the "logical
 * thread" of one document (on an editor node and on its owner). Thousands of documents each get one, so documents proceed in parallel
 * while all state of one document is touched by one task at a time (no locks inside a document).
 *
 * <p>Thread-safe. A task that throws is logged and does not stop the tasks after it.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) return;
            running = true;
        }
        delegate.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "document task failed", t);
            }
        }
    }
}
