-- Projections of other services' events, so that search and friend lists never call another service.
-- Columns are deliberately loose (TEXT): a projection must accept whatever its source published, or its consumer
-- would retry the same record forever.

-- Users announced by auth-service (AccountRegistered, removed on AccountDeleted). The "C" collation orders names
-- byte by byte whatever the database's locale, and lets the unique index serve prefix search (LIKE 'ab%').
CREATE TABLE directory_users (
    user_id       UUID PRIMARY KEY,
    username      TEXT COLLATE "C" NOT NULL UNIQUE,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each user's newest key (KeyBundlePublished). No foreign key to directory_users: the key and account topics are
-- consumed independently, so a key may arrive before its account.
CREATE TABLE user_keys (
    user_id     UUID PRIMARY KEY,
    key_id      BIGINT NOT NULL,
    fingerprint TEXT NOT NULL
);

-- Each user's latest presence (PresenceChanged). observed_at is the applied event's occurredAt: an event older than
-- it is stale (redelivered or reordered) and is ignored.
CREATE TABLE user_presence (
    user_id     UUID PRIMARY KEY,
    online      BOOLEAN NOT NULL,
    last_active TIMESTAMP WITH TIME ZONE,
    observed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
