-- change_log: every change made to the warehouse's data after extraction: a report staged as a draft, published,
--   a fact edited or dropped in review, a source removed or replaced. Nothing is overwritten; this says who did what.
-- grain: one row per change.
-- columns: id, changed_at (when), action (stage | publish | edit | drop | split | remove | replace |
--   indicator_corrected), source_id, fact_id (the fact changed), new_fact_id (the fact an edit wrote, the first of a
--   split's; the detail names them all), detail (what changed, in Chinese:
--   数值 12 → 15), via (the command or page: zhibiao publish, 导入页面 …), user_name (optional, as given).
create sequence if not exists change_log_id_seq start 1;
create table if not exists change_log (
    id          bigint primary key default nextval('change_log_id_seq'),
    changed_at  timestamp not null default current_timestamp,
    action      varchar not null,
    source_id   integer,
    fact_id     bigint,
    new_fact_id bigint,
    detail      varchar,
    via         varchar not null,
    user_name   varchar
);
