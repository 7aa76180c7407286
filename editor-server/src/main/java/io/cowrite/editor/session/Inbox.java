package io.cowrite.editor.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Keeps a connection's messages in order while its hello is being authenticated (which may wait on a
 * key fetch, off the event loop): frames that arrive meanwhile queue, bounded, and run in order once
 * the hello is done. Thread-safe: the connection's thread offers, the authenticator's thread resumes.
 */
final class Inbox {
    private final int max;
    private final Queue<String> waiting = new ArrayDeque<>();
    private boolean paused;

    Inbox(int max) {
        this.max = max;
    }

    /** From now on frames wait (the hello is being authenticated). */
    synchronized void pause() {
        paused = true;
    }

    /**
     * Runs {@code frame} now, unless frames wait; then it queues. False when the queue is full (the
     * client sent too much before its welcome).
     */
    boolean offer(String frame, Consumer<String> handler) {
        synchronized (this) {
            if (paused || !waiting.isEmpty()) {
                if (waiting.size() >= max) return false;
                waiting.add(frame);
                return true;
            }
        }
        handler.accept(frame);
        return true;
    }

    /**
     * The hello is done: run {@code first} (the welcome), then the waiting frames in order, each under the
     * lock so that a frame arriving meanwhile waits its turn.
     */
    void resume(Runnable first, Consumer<String> handler) {
        synchronized (this) {
            first.run();
        }
        while (true) {
            synchronized (this) {
                paused = false;
                String next = waiting.poll();
                if (next == null) return;
                handler.accept(next);
            }
        }
    }
}
