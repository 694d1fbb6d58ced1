-- source: one ingested file (a report or a table), identified by the SHA-256 of its bytes.
-- grain: one row per load of a file; re-loading the same bytes changes nothing while a source with them is draft
--   or published (the writer checks: a removed or replaced source keeps its row, so the bytes may come back).
-- columns: id, sha256, kind (text | table | demo), path (as given), title, region/period/domain (document
--   defaults given or found), loaded_at, extractor_version, text (a report's full text, for provenance),
--   n_facts, n_quarantined, state (draft: staged for review, its facts are written but reach no view; published;
--   removed: taken out of the current data, facts kept), published_at, removed_at, replaces (the source this one
--   replaces: removed when this one is published).
create sequence if not exists source_id_seq start 1;
create table if not exists source (
    id                integer primary key default nextval('source_id_seq'),
    sha256            varchar not null,
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
    n_quarantined     integer not null default 0,
    state             varchar not null default 'published' check (state in ('draft', 'published', 'removed')),
    published_at      timestamp default current_timestamp,
    removed_at        timestamp,
    replaces          integer
);
