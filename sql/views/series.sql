-- series: the current value of each indicator, region, period and kind, with names joined. A key restated by a later
--   source has several vintages; the latest one that is not suspect wins (a damaged web copy does not replace a clean
--   figure), else the latest suspect one. The writer ranks a key's facts when they arrive (fact.is_current, see
--   warehouse/vintages.py), so this is a filtered scan, not a window over every fact. Facts whose indicator or region
--   is missing from the catalogue stay (names null).
-- grain: one row per (indicator, region, period, kind).
-- columns: fact_id, indicator, indicator_name, domain, region (code: GB/T 2260 six digits when the source gave one),
--   region_name, region_level, parent_region, period, value, unit (as stated), base_value, base_unit, measure,
--   indicator_unit (the unit the indicator is shown in), decimals (in indicator_unit), additive, kind (actual | target |
--   derived | relative), approx, suspect, suspect_reason, source_id, quote, span_start, span_end, parent_id (the whole
--   of a 其中 part), vintage, vintages (how many facts the key has).
create or replace view series as
select
    f.id as fact_id,
    f.indicator,
    i.name as indicator_name,
    i.domain,
    f.region,
    r.name as region_name,
    r.level as region_level,
    r.parent_code as parent_region,
    f.period,
    f.value,
    f.unit,
    f.base_value,
    f.base_unit,
    i.measure,
    i.unit as indicator_unit,
    i.decimals,
    i.additive,
    f.kind,
    f.approx,
    f.suspect,
    f.suspect_reason,
    f.source_id,
    f.quote,
    f.span_start,
    f.span_end,
    f.parent_id,
    f.vintage,
    f.vintages
from fact as f
left join indicator as i on f.indicator = i.code
left join region as r on f.region = r.code
where f.is_current
