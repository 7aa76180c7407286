package io.cowrite.history.owner;

import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit across documents: one thread takes every batch queued by any document of this replica
 * and commits them in one transaction (one fsync), then tells each document. While a transaction runs,
 * the next batches queue up, so the group grows with load and no batch waits for a timer.
 *
 * <p>Failures: a retryable one (storage unreachable) is retried, with backoff, for as long as the
 * documents are still owned (their authors' editors time out meanwhile and resend; dedup attaches the
 * resends). A lost lease fails that shard's batches and retries the rest at once. A conflict or a
 * permanent refusal of a group is retried document by document, so only the document to blame fails.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    private static final long MAX_BACKOFF_MS = 1000;

    private record Job(DocumentSequencer doc, DocBatch batch) {
    }

    private final HistoryStore store;
    private final String owner;
    private final int maxDocs;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final OwnerMetrics metrics;
    private volatile boolean running = true;

    GroupCommitter(HistoryStore store, String owner, int maxDocs, OwnerMetrics metrics) {
        this.store = store;
        this.owner = owner;
        this.maxDocs = maxDocs;
        this.metrics = metrics;
        this.thread = Thread.ofPlatform().name("group-commit").daemon().start(this::run);
    }

    /** Queues a document's batch (at most one per document at a time). Never blocks. */
    void enqueue(DocumentSequencer doc, DocBatch batch) {
        queue.add(new Job(doc, batch));
    }

    /** Batches waiting for the next transaction (the one in flight is not counted). */
    int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                List<Job> jobs = new ArrayList<>();
                jobs.add(first);
                queue.drainTo(jobs, maxDocs - 1);
                commit(jobs);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("group commit loop failed", e);
            }
        }
    }

    private void commit(List<Job> jobs) throws InterruptedException {
        long backoff = 20;
        while (running) {
            jobs.removeIf(j -> j.doc().isClosed()); // their shard moved: already answered
            if (jobs.isEmpty()) return;
            try {
                long t0 = System.nanoTime();
                store.commit(owner, jobs.stream().map(Job::batch).toList());
                metrics.committed(jobs.size(), jobs.stream().mapToInt(j -> j.batch().ops().size()).sum(), System.nanoTime() - t0);
                for (Job j : jobs) j.doc().committed(j.batch());
                return;
            } catch (StoreException e) {
                switch (e.kind()) {
                    case RETRYABLE -> {
                        metrics.retried();
                        LOG.warn("group commit of {} documents failed, retrying in {} ms: {}", jobs.size(), backoff, e.getMessage());
                        Thread.sleep(backoff); // a storage outage: nothing else can commit either
                        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    }
                    case FENCED -> jobs = failShards(jobs, e, metrics);
                    case CONFLICT, PERMANENT -> {
                        if (jobs.size() == 1) {
                            metrics.refused();
                            jobs.get(0).doc().failed(jobs.get(0).batch(), e);
                            return;
                        }
                        for (Job j : jobs) commit(new ArrayList<>(List.of(j))); // find the one to blame
                        return;
                    }
                }
            }
        }
    }

    private static List<Job> failShards(List<Job> jobs, StoreException e, OwnerMetrics metrics) {
        List<Job> rest = new ArrayList<>();
        for (Job j : jobs) {
            if (e.shards().contains(j.batch().shard())) {
                LOG.warn("fenced off: {} (the lease of shard {} moved)", j.batch().doc(), j.batch().shard());
                metrics.fenced.increment();
                j.doc().failed(j.batch(), e);
            } else {
                rest.add(j);
            }
        }
        return rest;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
