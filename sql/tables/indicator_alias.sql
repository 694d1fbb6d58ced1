-- indicator_alias: local aliases: a wording staff mapped to an indicator by hand, remembered so the next report
--   that uses it maps by itself. Consulted before the catalogue when facts are loaded; exported and imported as CSV
--   (zhibiao aliases export/import).
-- grain: one row per (wording, scope_kind, scope).
-- columns: wording (the indicator name as extracted, normalised: 全区/共有 … and a trailing 数 dropped), scope_kind
--   (region: only for reports of one region; family: only for one family of documents, the title without its
--   years: 澄湖区民政工作总结; all: everywhere), scope (the region code or the document family; '' for all),
--   indicator (indicator.code), created_at, created_by (who chose it, when known), note.
create table if not exists indicator_alias (
    wording    varchar not null,
    scope_kind varchar not null default 'all' check (scope_kind in ('region', 'family', 'all')),
    scope      varchar not null default '',
    indicator  varchar not null,
    created_at timestamp not null default current_timestamp,
    created_by varchar,
    note       varchar,
    primary key (wording, scope_kind, scope)
);
