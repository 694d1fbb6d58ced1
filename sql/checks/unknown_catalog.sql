-- unknown_catalog: 指标或地区不在目录中 / indicator or region not in the catalogue
-- purpose: facts whose indicator or region is missing from the catalogue tables, or was created during ingest and
--   awaits review (in_catalog = false): map them to a catalogue entry or add one. Checked on current values (series).
-- grain: one row per offending current value.
-- columns: fact_id, indicator, region, period, value, unit, problem (Chinese / English), source_id, quote.
select
    s.fact_id,
    s.indicator,
    s.region,
    s.period,
    s.value,
    s.unit,
    concat_ws(
        '；',
        case when i.code is null then '指标不存在 / unknown indicator' end,
        case when not i.in_catalog then '指标待审核 / indicator awaiting review' end,
        case when r.code is null then '地区不存在 / unknown region' end,
        case when not r.in_catalog then '地区待审核 / region awaiting review' end
    ) as problem,
    s.source_id,
    s.quote
from series as s
left join indicator as i on s.indicator = i.code
left join region as r on s.region = r.code
where i.code is null or not i.in_catalog or r.code is null or not r.in_catalog
order by s.source_id, s.fact_id
