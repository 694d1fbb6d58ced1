-- latest: the latest period of each indicator and region, with its value and year-on-year change. "Latest" is by
--   period_sort: the period that ends last, and of those the longest span (a year after its Q4, H2 and YTD12; 2025YTD09
--   after 2024). Periods that are not canonical codes (bad_period lists them) are left out.
-- grain: one row per (indicator, region) that has an actual value with a valid period.
-- columns: the columns of yoy, plus period_kind (Y | H | Q | M | YTD) and n_periods (how many valid periods the
--   indicator and region have).
create or replace view latest as
with valid as (
    select
        y.*,
        pd.kind as period_kind,
        pd.sort_key
    from yoy as y
    inner join period as pd on y.period = pd.code
)

select
    * exclude (sort_key, pick),
from (
    select
        v.*,
        count(*) over (partition by v.indicator, v.region) as n_periods,
        row_number() over (partition by v.indicator, v.region order by v.sort_key desc, v.fact_id desc) as pick
    from valid as v
)
where pick = 1
