-- Cowrite history: the system of record. Versions per document are contiguous from 0:
-- the op at version v takes the document from v to v+1, and documents.head_version counts the ops.

create table documents (
    id           text        primary key,
    head_version bigint      not null default 0 check (head_version >= 0),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

create table ops (
    doc_id     text        not null references documents (id),
    version    bigint      not null check (version >= 0),
    client_id  text        not null,
    client_seq bigint      not null,
    author     text,
    op         jsonb       not null,  -- ot-text-unicode JSON, invertible form (deletes carry their text)
    created_at timestamptz not null,
    primary key (doc_id, version),
    -- Idempotency backstop: one (clientId, seq) is committed at most once per document.
    unique (doc_id, client_id, client_seq)
);

create table milestones (
    doc_id     text        not null references documents (id),
    version    bigint      not null check (version > 0),
    text       text        not null,  -- the whole document at this version
    created_at timestamptz not null default now(),
    primary key (doc_id, version)
);
