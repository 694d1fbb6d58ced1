-- series_as_of: the series view as it stood at an instant: series_as_of(timestamp '2024-06-30 23:59:59'). Only the
--   facts known then count: of a source published at or before ts and not removed by then, written at or before ts
--   (an edit's new fact is written when the edit is made) and not retired by then. Of a key's facts known then, the
--   first by the same order as series (not suspect, latest vintage, latest id) is the value. A window over every fact
--   known then, not a filtered scan: for looking back, not for every page view.
-- grain: one row per (indicator, region, period, kind) known at ts.
-- columns: the columns of series (vintages: how many facts of the key were known then), plus published_at (when the
--   value's source was published).
create or replace macro series_as_of(ts) as table
with known as (
    select
        f.*,
        s.published_at,
        row_number() over (
            partition by f.indicator, f.region, f.period, f.kind order by f.suspect, f.vintage desc, f.id desc
        ) as pick,
        count(*) over (partition by f.indicator, f.region, f.period, f.kind) as n_known
    from fact as f
    inner join source as s on f.source_id = s.id
    where
        s.published_at <= ts::timestamp
        and (s.removed_at is null or s.removed_at > ts::timestamp)
        and f.loaded_at <= ts::timestamp
        and (f.retired_at is null or f.retired_at > ts::timestamp)
)

select
    k.id as fact_id,
    k.indicator,
    i.name as indicator_name,
    i.domain,
    k.region,
    r.name as region_name,
    r.level as region_level,
    r.parent_code as parent_region,
    k.period,
    k.value,
    k.unit,
    k.base_value,
    k.base_unit,
    i.measure,
    i.unit as indicator_unit,
    i.decimals,
    i.additive,
    k.kind,
    k.approx,
    k.suspect,
    k.suspect_reason,
    k.source_id,
    k.quote,
    k.span_start,
    k.span_end,
    k.parent_id,
    k.vintage,
    k.n_known as vintages,
    k.published_at
from known as k
left join indicator as i on k.indicator = i.code
left join region as r on k.region = r.code
where k.pick = 1
