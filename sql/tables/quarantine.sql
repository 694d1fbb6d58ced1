-- quarantine: input that could not be loaded, kept with where it was and why. Nothing is silently dropped.
-- grain: one row per rejected row or passage.
-- columns: id, source_id, path, location (行 12 / 第3页 / 字符 120-180), reason (plain Chinese, with the value),
--   raw (the row or text as read), created_at.
create sequence if not exists quarantine_id_seq start 1;
create table if not exists quarantine (
    id        bigint primary key default nextval('quarantine_id_seq'),
    source_id integer,
    path      varchar not null,
    location  varchar,
    reason    varchar not null,
    raw       varchar,
    created_at timestamp not null default current_timestamp
);
