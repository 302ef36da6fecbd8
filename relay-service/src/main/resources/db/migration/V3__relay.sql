-- WebSocket tickets: only the SHA-256 of a ticket is stored, so a database reader cannot connect as anyone.
CREATE TABLE tickets (
    hash       CHAR(64) PRIMARY KEY,
    user_id    UUID NOT NULL,
    username   VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tickets_by_expiry ON tickets (expires_at);

-- Orders connections across instances: a connection with a larger generation replaces one with a smaller.
CREATE SEQUENCE connection_generation;

-- Projection of miyu.friendships, one row per direction. A removed pair stays as inactive with the time of its
-- last change, so an event that arrives late (older than that time) changes nothing.
CREATE TABLE friends (
    user_id         UUID NOT NULL,
    friend_id       UUID NOT NULL,
    friend_username VARCHAR(64) NOT NULL,
    active          BOOLEAN NOT NULL,
    changed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);
CREATE INDEX friends_by_username ON friends (user_id, friend_username);
CREATE INDEX friends_by_friend ON friends (friend_id);

-- Per recipient: the last sequence number given out, and how many envelopes wait (kept with every insert and
-- delete, so the queue limit costs no count). Sending locks this row until commit, so envelopes of one recipient
-- commit in sequence order and a reader never sees seq n+1 without seq n.
CREATE TABLE queue_heads (
    recipient_id UUID PRIMARY KEY,
    last_seq     BIGINT NOT NULL,
    queued       BIGINT NOT NULL
);

-- The offline queue: opaque ciphertext waiting for the recipient's ack.
CREATE TABLE envelopes (
    recipient_id UUID NOT NULL,
    seq          BIGINT NOT NULL,
    id           UUID NOT NULL,
    sender_id    UUID NOT NULL,
    sender_name  VARCHAR(64) NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    body         BYTEA NOT NULL,
    PRIMARY KEY (recipient_id, seq)
);
CREATE INDEX envelopes_by_id ON envelopes (recipient_id, id);
CREATE INDEX envelopes_by_pair ON envelopes (sender_id, recipient_id);

-- Every accepted (sender, envelope id), kept after the ack so that a resend is answered with the same seq
-- instead of being queued twice.
CREATE TABLE sent_envelopes (
    sender_id    UUID NOT NULL,
    id           UUID NOT NULL,
    recipient_id UUID NOT NULL,
    seq          BIGINT NOT NULL,
    accepted_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (sender_id, id)
);
CREATE INDEX sent_envelopes_by_age ON sent_envelopes (accepted_at);

-- Encrypted attachment blobs. Ciphertext does not compress, and uncompressed out-of-line storage lets a download
-- read the blob in slices.
CREATE TABLE attachments (
    id          UUID PRIMARY KEY,
    uploader_id UUID NOT NULL,
    size        BIGINT NOT NULL,
    data        BYTEA NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE INDEX attachments_by_age ON attachments (created_at);
