-- indicator: what a number measures.
-- grain: one row per indicator code.
-- columns: code (stable key: ASCII for catalogue entries, the normalised Chinese name for ones met during ingest),
--   name (Chinese), domain (domain.code), unit (the unit the series is shown in), measure (stock | flow | rate |
--   average: decides how a change is phrased), decimals (shown after the point), aliases (other names reports use),
--   additive (a region's value is the sum of its children's), yoy_bound (the check bound on a year-on-year ratio;
--   null = the default 2), in_catalog (false = created during ingest, awaiting review), description.
create table if not exists indicator (
    code        varchar primary key,
    name        varchar not null,
    domain      varchar,
    unit        varchar,
    measure     varchar not null default 'stock' check (measure in ('stock', 'flow', 'rate', 'average')),
    decimals    integer not null default 0,
    aliases     varchar[] not null default [],
    additive    boolean not null default false,
    yoy_bound   double,
    in_catalog  boolean not null default true,
    description varchar
);
