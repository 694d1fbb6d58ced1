-- stated_change_mismatch: 陈述的变化与数据不符 / stated change does not match the data
-- purpose: a report says 较上年增加320人 but last year's figure in the warehouse gives +202: stated_vs_computed rows
--   with status inconsistent (beyond the precision of what was stated).
-- grain: one row per inconsistent stated change.
-- columns: fact_id, indicator_name, region_name, period, value, unit, direction, amount, stated_unit, prior_period,
--   prior_value, computed, stated, source_id, quote.
select
    v.fact_id,
    coalesce(v.indicator_name, v.indicator) as indicator_name,
    coalesce(v.region_name, v.region) as region_name,
    v.period,
    v.value,
    v.unit,
    v.direction,
    v.amount,
    v.stated_unit,
    v.prior_period,
    v.prior_value,
    round(v.computed, 4) as computed,
    v.stated,
    v.source_id,
    v.quote
from stated_vs_computed as v
where v.status = 'inconsistent'
order by v.source_id, v.fact_id
