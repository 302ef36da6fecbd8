-- Who may see whose presence: one row per direction of a friendship, fed by miyu.friendships. A removed friendship
-- stays as an inactive row stamped with the removal's time, so that an older FriendshipCreated arriving late
-- (events about one pair may travel on different partitions) cannot bring it back.
CREATE TABLE friendships (
    user_id         UUID NOT NULL,
    friend_id       UUID NOT NULL,
    friend_username VARCHAR(64) NOT NULL,
    active          BOOLEAN NOT NULL,
    changed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

CREATE INDEX friendships_by_friend_username ON friendships (user_id, friend_username);
