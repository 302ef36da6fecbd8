-- One row per user who ever sent a heartbeat: whether they are online, when they were last active, and where the
-- last heartbeat came from (client address and user agent as the gateway passed them, the instance that took it).
CREATE TABLE presence (
    user_id     UUID PRIMARY KEY,
    username    VARCHAR(64) NOT NULL,
    online      BOOLEAN NOT NULL,
    last_active TIMESTAMP WITH TIME ZONE NOT NULL,
    client_ip   VARCHAR(64),
    user_agent  VARCHAR(256),
    instance_id VARCHAR(100) NOT NULL
);

-- The sweeper asks for online users whose last heartbeat is older than the timeout.
CREATE INDEX presence_online_last_active ON presence (online, last_active);
