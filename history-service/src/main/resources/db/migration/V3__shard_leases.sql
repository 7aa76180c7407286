-- Document ownership: each document belongs to one of N shards (CRC-32 of its id modulo N), and the
-- history-service replica holding a shard's lease is the only one that sequences and writes its
-- documents. A lease has an owner, an epoch that grows with every change of hands (the fencing
-- token every commit checks) and an expiry the owner keeps pushing forward. A lease that lapses, with
-- or without its process dying, can be taken by another replica.
create table shard_leases (
    shard      integer     primary key check (shard >= 0),
    owner      text,
    epoch      bigint      not null default 0,
    expires_at timestamptz not null default now()
);

-- Live replicas (heartbeats), so each can take its fair share of shards.
create table history_replicas (
    id           text        primary key,
    heartbeat_at timestamptz not null default now()
);
