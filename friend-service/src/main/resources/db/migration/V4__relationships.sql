-- One row per friend request, kept after it is answered. An accepted request is the friendship itself (FRIENDS)
-- until either side removes it (ENDED). user_low/user_high name the pair in canonical order, so the pair has one key
-- whichever side acts.
CREATE TABLE relationships (
    id            UUID PRIMARY KEY,
    requester_id  UUID NOT NULL REFERENCES directory_users (user_id),
    addressee_id  UUID NOT NULL REFERENCES directory_users (user_id),
    user_low      UUID NOT NULL,
    user_high     UUID NOT NULL,
    status        VARCHAR(16) NOT NULL,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    friends_since TIMESTAMP WITH TIME ZONE,
    closed_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT relationships_status CHECK (status IN ('PENDING', 'FRIENDS', 'DECLINED', 'CANCELLED', 'ENDED')),
    CONSTRAINT relationships_canonical_pair CHECK (user_low < user_high
        AND ((requester_id = user_low AND addressee_id = user_high)
          OR (requester_id = user_high AND addressee_id = user_low)))
);

-- The invariant behind "exactly one friendship": per pair, at most one row is a pending request or a friendship.
-- Two users requesting each other at the same moment race on this index; the loser re-reads and accepts the
-- winner's request instead.
CREATE UNIQUE INDEX relationships_one_live_per_pair ON relationships (user_low, user_high)
    WHERE status IN ('PENDING', 'FRIENDS');

CREATE INDEX relationships_by_requester ON relationships (requester_id, status);
CREATE INDEX relationships_by_addressee ON relationships (addressee_id, status);
