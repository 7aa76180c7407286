-- Retention (docs/operations.md): ops older than the configured horizon are deleted, milestones kept.
-- documents.horizon is the oldest version whose op is still stored (0: nothing was compacted); it is
-- always a milestone's version, so the text at every version from the horizon on can be built.
alter table documents add column horizon bigint not null default 0 check (horizon >= 0);

-- Deduplication outlives compaction: the last (seq, version) each client committed in ops that were
-- deleted, so a resent op of a client that was away past the horizon is still answered with its
-- original version instead of being applied twice.
create table compacted_seqs (
    doc_id     text   not null references documents (id),
    client_id  text   not null,
    client_seq bigint not null,
    version    bigint not null,
    primary key (doc_id, client_id)
);

-- GET /api/history/retention counts compacted documents.
create index documents_compacted on documents (id) where horizon > 0;
