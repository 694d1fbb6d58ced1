-- source: one ingested file (a report or a table), identified by the SHA-256 of its bytes.
-- grain: one row per distinct file content; re-loading the same bytes changes nothing.
-- columns: id, sha256, kind (text | table | demo), path (as given), title, region/period/domain (document
--   defaults given or found), loaded_at, extractor_version, text (a report's full text, for provenance),
--   n_facts, n_quarantined.
create sequence if not exists source_id_seq start 1;
create table if not exists source (
    id                integer primary key default nextval('source_id_seq'),
    sha256            varchar not null unique,
    kind              varchar not null check (kind in ('text', 'table', 'demo')),
    path              varchar not null,
    title             varchar,
    region            varchar,
    period            varchar,
    domain            varchar,
    loaded_at         timestamp not null default current_timestamp,
    extractor_version varchar,
    text              varchar,
    n_facts           integer not null default 0,
    n_quarantined     integer not null default 0
);
