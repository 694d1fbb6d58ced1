-- region: every place a fact can be about.
-- grain: one row per region code.
-- columns: code (GB/T 2260 six-digit code, 12-digit statistical code, or a stable slug "<parent>-<name>"),
--   name, level (省/市/县/乡/村), parent_code, aliases (other names the region goes by, e.g. 全区 is resolved per
--   document, not here), valid_from/valid_to (codes change: 撤县设区 keeps the old code with its end date),
--   in_catalog (false = met during ingest and created, awaiting review).
create table if not exists region (
    code        varchar primary key,
    name        varchar not null,
    level       varchar check (level in ('省', '市', '县', '乡', '村')),
    parent_code varchar,
    aliases     varchar[] not null default [],
    valid_from  date,
    valid_to    date,
    in_catalog  boolean not null default true
);
