-- title: 地区 × 年份对照表 / Regions by year, side by side
-- description: 城市低保户数按地区（行）和年份（列）展开的对照表；改 IN 列表可换年份。
--   / One indicator pivoted to one row per region and one column per year; edit the IN list for other years.
-- shows: pivot
select *
from (
    select region_name as 地区, period, value
    from series
    where indicator = 'urban_dibao_households' and kind = 'actual' and length(period) = 4
) pivot (first(value) for period in ('2019', '2020', '2021', '2022', '2023'))
order by 地区
