-- fact: one value of one indicator for one region and period, as one source stated it. Values are never updated;
--   the writer keeps two bookkeeping columns current (warehouse/vintages.py) so the series view is a filtered scan.
-- grain: one row per stated value; (indicator, region, period, kind) + vintage orders restatements.
-- columns: id, indicator, region, period (a period code, null when the text gave none), value and unit (as
--   stated: 139.57 万元), base_value and base_unit (in the unit's base: 1395700 元), approx (余/约/近… or the range
--   text; null when exact), kind (actual | target | derived | relative), source_id, quote and span_start/span_end
--   (the clause in the source text and its character offsets; for tables the file location, e.g. "行 12"),
--   suspect and suspect_reason, parent_id (the whole a 其中 part belongs to), vintage (1 for the first value of a
--   key; +1 each time a later source states a different value), loaded_at, is_current (this fact is the one series
--   shows for its key: not suspect before suspect, then the latest vintage, then the latest loaded; null until the
--   writer ranks the key, in the same transaction as the insert), vintages (how many live facts the key has),
--   retired_at (when a review edit or drop took this fact out; an edit writes a new fact, replaced_by), replaced_by.
--   Only live facts rank: of a published source and not retired (a draft's or removed source's facts are never
--   current, and are kept).
create sequence if not exists fact_id_seq start 1;
create table if not exists fact (
    id             bigint primary key default nextval('fact_id_seq'),
    indicator      varchar not null,
    region         varchar not null,
    period         varchar,
    value          double not null,
    unit           varchar not null,
    base_value     double not null,
    base_unit      varchar not null,
    approx         varchar,
    kind           varchar not null default 'actual' check (kind in ('actual', 'target', 'derived', 'relative')),
    source_id      integer not null,
    quote          varchar,
    span_start     integer,
    span_end       integer,
    suspect        boolean not null default false,
    suspect_reason varchar,
    parent_id      bigint,
    vintage        integer not null default 1,
    loaded_at      timestamp not null default current_timestamp,
    is_current     boolean,
    vintages       integer,
    retired_at     timestamp,
    replaced_by    bigint
);
