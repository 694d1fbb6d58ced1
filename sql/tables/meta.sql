-- meta: facts about the warehouse file itself (schema version, hash of the applied sql/ files, generation).
-- grain: one row per key.
-- columns: key, value.
create table if not exists meta (
    key   varchar primary key,
    value varchar not null
);
