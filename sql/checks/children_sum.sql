-- children_sum: 下级之和不符 / region total does not match its parts
-- purpose: for an additive indicator (indicator.additive) a region's value is the sum of its children's (regions
--   whose parent_code it is). It is wrong when it is below the sum of the children that reported, and when every
--   current child reported and the two differ. Differences within rounding pass (half a unit of each value's last
--   stated decimal: 20.02万人 may be 50人 off); a parent with a suspect child, or suspect itself, is skipped (the suspect check shows
--   it); children whose code has been retired (valid_to set) are only counted when they reported.
-- grain: one row per offending (indicator, region, period).
-- columns: fact_id, indicator, indicator_name, region, region_name, period, value, unit, children_sum (in unit),
--   difference (value − children_sum), n_children, n_reported.
with cur as (
    select
        s.*,
        coalesce(u.factor, 1.0) as factor,
        0.5 / power(10, coalesce(num_places(s.value), 0)) * coalesce(u.factor, 1.0) as rounding
    from series as s
    left join unit as u on s.unit = u.name
    where s.kind = 'actual' and s.additive
),

pairs as (
    select
        p.fact_id,
        p.indicator,
        p.indicator_name,
        p.region,
        p.region_name,
        p.period,
        p.value,
        p.unit,
        p.factor,
        p.base_value,
        p.base_unit,
        p.suspect,
        p.rounding,
        ch.code as child,
        c.rounding as child_rounding,
        c.base_value as child_base_value,
        c.base_unit as child_base_unit,
        c.suspect as child_suspect
    from cur as p
    inner join region as ch on p.region = ch.parent_code
    left join cur as c on ch.code = c.region and p.indicator = c.indicator and p.period = c.period
    where ch.valid_to is null or c.fact_id is not null
),

totals as (
    select
        fact_id,
        any_value(indicator) as indicator,
        any_value(indicator_name) as indicator_name,
        any_value(region) as region,
        any_value(region_name) as region_name,
        any_value(period) as period,
        any_value(value) as value,
        any_value(unit) as unit,
        any_value(factor) as factor,
        any_value(base_value) as base_value,
        any_value(suspect) as suspect,
        any_value(rounding) + coalesce(sum(child_rounding), 0) + 1e-6 as tolerance,
        count(*) as n_children,
        count(child_base_value) as n_reported,
        sum(child_base_value) as children_base,
        coalesce(bool_or(child_suspect), false) as any_child_suspect,
        coalesce(bool_and(child_base_unit = base_unit), true) as same_base
    from pairs
    group by fact_id
)

select
    fact_id,
    indicator,
    indicator_name,
    region,
    region_name,
    period,
    value,
    unit,
    children_base / factor as children_sum,
    value - children_base / factor as difference,
    n_children,
    n_reported
from totals
where
    n_reported > 0
    and same_base
    and not suspect
    and not any_child_suspect
    and (
        children_base - base_value > tolerance
        or n_reported = n_children and abs(base_value - children_base) > tolerance
    )
order by indicator, region, period
