-- domain: a policy area (教育, 民政, 卫生健康 ...) that groups indicators.
-- grain: one row per domain code.
-- columns: code (short ASCII code, e.g. edu), name (Chinese name shown to users), sort (display order).
create table if not exists domain (
    code varchar primary key,
    name varchar not null unique,
    sort integer not null default 0
);
