-- title: 数据覆盖情况 / What the warehouse covers
-- description: 每个指标有多少地区、多少期数据，最早和最晚的期间，以及可疑数据条数。
--   / For every indicator: how many regions and periods it covers, its first and last period, and suspect facts.
-- shows: series, aggregation
select domain as 领域, indicator_name as 指标, count(distinct region) as 地区数, count(distinct period) as 期数,
       min(period) as 最早, max(period) as 最晚, count(*) as 条数, count(*) filter (where suspect) as 可疑
from series
group by all
order by 领域, 指标
