-- negative_count: 计数为负 / negative count
-- purpose: a count of people, households, schools, beds … (a unit of the count family) cannot be below zero.
-- grain: one row per offending current value (series), any kind except relative (a difference may be negative).
-- columns: fact_id, indicator, indicator_name, region, region_name, period, kind, value, unit, source_id, quote.
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
    s.source_id,
    s.quote
from series as s
inner join unit as u on s.unit = u.name
where u.family = 'count' and s.value < 0 and s.kind <> 'relative'
order by s.indicator, s.region, s.period
