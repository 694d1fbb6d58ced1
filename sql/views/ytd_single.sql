-- ytd_single: single months, quarters and halves of a flow derived from its year-to-date series: 2023M05 =
--   2023YTD05 − 2023YTD04, 2023Q2 = 2023YTD06 − 2023YTD03, 2023H2 = 2023YTD12 − 2023YTD06; the first month, quarter
--   and half are the YTD value itself (M01 = YTD01, Q1 = YTD03, H1 = YTD06). A year's annual value stands in for
--   YTD12 when no YTD12 was stated. Both values must exist (no gap filling); units convert through the base value.
--   Only flows (measure = flow): a stock or rate is not cumulative. actual_value shows a single-period value stated
--   directly, when there is one, for comparison.
-- grain: one row per (indicator, region, derived period).
-- columns: indicator, indicator_name, region, region_name, period (2023M05, 2023Q2, 2023H2), value, unit, kind
--   ('derived'), measure, decimals, from_period, minus_period (null for the first month/quarter/half), fact_id,
--   minus_fact_id, source_id, suspect (either input suspect), actual_value (in unit).
create or replace view ytd_single as
with flows as (
    select
        s.*,
        pd.kind as pkind,
        pd.year,
        pd.idx
    from series as s
    inner join period as pd on s.period = pd.code
    where s.kind = 'actual' and s.measure = 'flow'
),

cumulative as (
    select
        * exclude (idx),
        idx as month
    from flows
    where pkind = 'YTD'
    union all by name
    select
        a.* exclude (idx),
        12 as month
    from flows as a
    where
        a.pkind = 'Y'
        and not exists (
            select 1
            from flows as b
            where
                b.pkind = 'YTD'
                and b.indicator = a.indicator
                and b.region = a.region
                and b.year = a.year
                and b.period = a.period || 'YTD12'
        )
),

spans (span_kind, span_index, first_month, last_month) as (
    select 'M', m, m, m from range(1, 13) as t (m)
    union all
    select 'Q', q, 3 * q - 2, 3 * q from range(1, 5) as t (q)
    union all
    select 'H', h, 6 * h - 5, 6 * h from range(1, 3) as t (h)
),

derived as (
    select
        c.indicator,
        c.indicator_name,
        c.region,
        c.region_name,
        lpad(c.year::varchar, 4, '0') || sp.span_kind
        || case when sp.span_kind = 'M' then lpad(sp.span_index::varchar, 2, '0') else sp.span_index::varchar end
            as period,
        case
            when sp.first_month = 1 then c.value
            when p.unit = c.unit then c.value - p.value
            when p.base_unit = c.base_unit then c.value - p.base_value / coalesce(u.factor, 1.0)
        end as value,
        c.unit,
        c.base_unit,
        c.measure,
        c.decimals,
        c.period as from_period,
        p.period as minus_period,
        c.fact_id,
        p.fact_id as minus_fact_id,
        c.source_id,
        c.suspect or coalesce(p.suspect, false) as suspect,
        u.factor as u_factor
    from cumulative as c
    inner join spans as sp on c.month = sp.last_month
    left join cumulative as p
        on
            sp.first_month > 1
            and c.indicator = p.indicator
            and c.region = p.region
            and c.year = p.year
            and p.month = sp.first_month - 1
    left join unit as u on c.unit = u.name
    where sp.first_month = 1 or p.fact_id is not null
)

select
    d.indicator,
    d.indicator_name,
    d.region,
    d.region_name,
    d.period,
    d.value,
    d.unit,
    'derived' as kind,
    d.measure,
    d.decimals,
    d.from_period,
    d.minus_period,
    d.fact_id,
    d.minus_fact_id,
    d.source_id,
    d.suspect,
    case
        when a.unit = d.unit then a.value
        when a.base_unit = d.base_unit then a.base_value / coalesce(d.u_factor, 1.0)
    end as actual_value
from derived as d
left join series as a
    on
        d.indicator = a.indicator
        and d.region = a.region
        and d.period = a.period
        and a.kind = 'actual'
where d.value is not null
