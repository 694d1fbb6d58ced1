-- part_above_whole: 其中项大于总数 / a 其中 part above its whole
-- purpose: a part stated with 其中 (fact.parent_id points at its whole) cannot exceed the whole: 全区中小学16所,
--   其中直属学校7所. The whole is taken at its current value (series) for the whole's key; units compare through the
--   base value, so parts and wholes in different units of one base are fine.
-- grain: one row per offending part (current values).
-- columns: fact_id, indicator, indicator_name, region, region_name, period, value, unit, whole_fact_id,
--   whole_indicator, whole_indicator_name, whole_value, whole_unit.
select
    s.fact_id,
    s.indicator,
    s.indicator_name,
    s.region,
    s.region_name,
    s.period,
    s.value,
    s.unit,
    coalesce(ws.fact_id, w.id) as whole_fact_id,
    w.indicator as whole_indicator,
    i.name as whole_indicator_name,
    coalesce(ws.value, w.value) as whole_value,
    coalesce(ws.unit, w.unit) as whole_unit
from series as s
inner join fact as w on s.parent_id = w.id
left join series as ws
    on
        w.indicator = ws.indicator
        and w.region = ws.region
        and w.period is not distinct from ws.period
        and w.kind = ws.kind
left join indicator as i on w.indicator = i.code
where
    s.base_unit = coalesce(ws.base_unit, w.base_unit)
    and s.base_value > coalesce(ws.base_value, w.base_value) * (1 + 1e-9)
order by s.indicator, s.region, s.period
