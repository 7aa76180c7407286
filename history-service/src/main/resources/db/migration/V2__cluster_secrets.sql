-- Secrets every node of a deployment must share (e.g. the key that signs clients' resume secrets),
-- created at random on first use so a deployment needs no configuration for them.
create table cluster_secrets (
    name       text        primary key,
    value      text        not null,
    created_at timestamptz not null default now()
);
