-- yoy_outlier: 存量同比异常 / year-on-year outlier of a stock
-- purpose: a stock (a count at a point) rarely doubles or halves in a year; a ratio to the same period one year
--   earlier above the indicator's yoy_bound (default 2) or below its inverse is worth a look. Small counts jump
--   naturally (1 → 2 所), so the change must also be at least 10 in the base unit (10 人, 10 个, 10 元).
-- grain: one row per offending actual value.
-- columns: fact_id, indicator, indicator_name, region, region_name, prior_period, prior_value, period, value, unit,
--   ratio (value / prior_value, 2 decimals), bound, suspect.
select
    y.fact_id,
    y.indicator,
    y.indicator_name,
    y.region,
    y.region_name,
    y.prior_period,
    y.prior_value,
    y.period,
    y.value,
    y.unit,
    round(y.value / y.prior_value, 2) as ratio,
    coalesce(i.yoy_bound, 2.0) as bound,
    y.suspect
from yoy as y
inner join indicator as i on y.indicator = i.code
left join unit as u on y.unit = u.name
where
    y.measure = 'stock'
    and y.prior_value > 0
    and y.value >= 0
    and (
        y.value / y.prior_value > coalesce(i.yoy_bound, 2.0)
        or y.value / y.prior_value < 1 / coalesce(i.yoy_bound, 2.0)
    )
    and abs(y.value - y.prior_value) * coalesce(u.factor, 1.0) >= 10
order by y.indicator, y.region, y.period
