-- title: 由累计数推算的单月数 / Single months derived from year-to-date figures
-- description: 低保金发放的 1—N 月累计数拆成单月（如 5 月 = 1—5 月 − 1—4 月），看月度节奏。
--   / Year-to-date series split into single months (May = Jan–May minus Jan–Apr) for the dibao funds.
-- shows: ytd_single
select region_name as 地区, period as 期间, value as 单月值, unit as 单位,
       from_period as 累计期, minus_period as 减去
from ytd_single
where indicator = 'dibao_funds' and period like '%M%'
order by region, period
limit 500
