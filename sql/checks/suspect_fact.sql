-- suspect_fact: 存疑数值 / suspect value
-- purpose: every fact ingest flagged as suspect (a year inside the digits, masked digits, an impossible unit …),
--   including restatements that series does not show, so that each gets a human look.
-- grain: one row per suspect fact (every vintage).
-- columns: fact_id, indicator, indicator_name, region, region_name, period, value, unit, suspect_reason, source_id,
--   source (title or path), quote.
select
    f.id as fact_id,
    f.indicator,
    i.name as indicator_name,
    f.region,
    r.name as region_name,
    f.period,
    f.value,
    f.unit,
    f.suspect_reason,
    f.source_id,
    coalesce(src.title, src.path) as source,
    f.quote
from fact_live as f
left join indicator as i on f.indicator = i.code
left join region as r on f.region = r.code
left join source as src on f.source_id = src.id
where f.suspect
order by f.source_id, f.span_start nulls last, f.id
