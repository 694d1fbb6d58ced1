-- rate_above_100: 比率超过100% / rate above 100%
-- purpose: a share in percent (入学率, 参保率) cannot exceed 100. Rates in ‰ or 1/10万 are not shares of 100 and are
--   not checked; differences (kind relative) are not rates.
-- grain: one row per offending current value (series).
-- columns: fact_id, indicator, indicator_name, region, region_name, period, kind, value, unit, suspect,
--   suspect_reason, source_id.
select
    s.fact_id,
    s.indicator,
    s.indicator_name,
    s.region,
    s.region_name,
    s.period,
    s.kind,
    s.value,
    s.unit,
    s.suspect,
    s.suspect_reason,
    s.source_id
from series as s
where s.measure = 'rate' and s.unit in ('%', '％') and s.value > 100 and s.kind <> 'relative'
order by s.indicator, s.region, s.period
