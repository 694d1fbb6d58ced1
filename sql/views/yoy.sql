-- yoy: year-on-year change of every actual value, phrased as the reports phrase it. The prior period is the same
--   period code one year earlier (2023H1 → 2022H1, 2023YTD05 → 2022YTD05) of the same key, never a bare row offset: a
--   missing year gives nulls, not the value two years back. Periods come from the period table, so a code that is
--   not canonical (bad_period lists it) has no prior. Only actual values on both sides (implied_prior's derived
--   values never count). The prior value is converted to the current value's unit through the base value (万人 vs
--   人); units of different bases (人 vs 户) do not compare (prior_value null).
-- grain: one row per actual value of series (indicator, region, period).
-- columns: the columns of series, plus prior_period, prior_fact_id, prior_value (in unit), delta (value −
--   prior_value, in unit; for rates in percentage points), pct (percent change; null for rates and when the prior
--   is 0, negative or missing), phrase (change_phrase_as, local style: 较上年增加2所, 比上年增长5.2%, 提高0.3个百分点;
--   the indicator's decimals, scaled when the value is in another unit of the same base: 2 places of 万人 → 0 of 人).
create or replace view yoy as
with cur as (
    select
        s.*,
        pd.prior as prior_period,
        coalesce(pd.kind = 'Y', true) as annual
    from series as s
    -- the period table, not a parse of every row's code: a code that is not canonical has no prior (bad_period)
    left join period as pd on s.period = pd.code
    where s.kind = 'actual'
),

-- the prior value is the current actual fact of the same indicator and region at the period one year earlier, read
-- straight from fact (no names needed): a missing year gives nulls. A join on the key, not a window: a window sorts
-- every wide row of series (~30% more time on a full yoy at 10M facts) and a filter on periods cannot pass below it.
-- DuckDB carries a constant equality or range on indicator or region across the join keys to the prior side's scan;
-- an IN list reaches only the current side (dashboards.data.region_range adds the range).
prior as (
    select
        c.*,
        p.id as p_fact_id,
        p.value as p_value,
        p.unit as p_unit,
        p.base_value as p_base_value,
        p.base_unit as p_base_unit
    from cur as c
    left join fact as p
        on
            p.indicator = c.indicator
            and p.region = c.region
            and p.period = c.prior_period
            and p.kind = 'actual'
            and p.is_current
),

joined as (
    select
        c.* exclude (p_fact_id, p_value, p_unit, p_base_value, p_base_unit),
        c.p_fact_id as prior_fact_id,
        case
            when c.p_unit = c.unit then c.p_value
            when c.p_base_unit = c.base_unit then c.p_base_value / coalesce(u.factor, 1.0)
        end as prior_value,
        coalesce(u.base, c.unit) as u_base,
        coalesce(u.factor, 1.0) as u_factor,
        coalesce(u.family, 'other') as u_family,
        -- decimals are for the indicator's unit: 2 places of 万人 are 0 places of 人
        case
            when u.base = ui.base and u.factor > 0 and ui.factor > 0
                then greatest(0, least(c.decimals, c.decimals + round(log10(u.factor / ui.factor))::integer))
            else c.decimals
        end as places
    from prior as c
    left join unit as u on c.unit = u.name
    left join unit as ui on c.indicator_unit = ui.name
)

select
    * exclude (annual, u_base, u_factor, u_family, places),
    value - prior_value as delta,
    case when measure <> 'rate' and prior_value > 0 then (value - prior_value) / prior_value * 100 end as pct,
    change_phrase_as(
        'local', measure, annual, value, prior_value, unit, u_base, u_factor, u_family, places
    ) as phrase
from joined
