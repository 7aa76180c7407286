-- The admin history API's reads (docs/history-admin.md), fast at 100,000 documents and more.

-- The list of documents: newest activity first, then id, walked with a keyset cursor (updated_at, id).
create index documents_by_activity on documents (updated_at desc, id);

-- Search by id prefix: the pattern operators (~>=~, ~<~) compare bytes, whatever the database's collation.
create index documents_by_id_pattern on documents (id text_pattern_ops);

-- Who edited what: one row per (author, document), kept by every commit (PgCommit) in the commit's own
-- transaction. Serves the list's editor filter and a document's editors without reading its ops. The
-- anonymous author (ops.author null or empty) is ''. ops counts every op the author committed, including
-- ops later compacted away by retention; last_at is the commit time of their latest op.
create table document_editors (
    author  text        not null,
    doc_id  text        not null references documents (id),
    ops     bigint      not null check (ops > 0),
    last_at timestamptz not null,
    primary key (author, doc_id)
);
create index document_editors_by_doc on document_editors (doc_id);

insert into document_editors (author, doc_id, ops, last_at)
select coalesce(author, ''), doc_id, count(*), max(created_at) from ops group by 1, 2;
