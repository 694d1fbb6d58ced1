-- title: 各区占全市比重 / Each district's share of the city
-- description: 城市低保户数在 2023 年各下级地区占上级地区的比重（%），可换指标和年份。
--   / Each sub-region's share (%) of its parent region for one indicator and year.
-- shows: series, region hierarchy
select p.region_name as 上级地区, c.region_name as 地区, c.value as 数值, p.value as 上级数值,
       round(100 * c.value / nullif(p.value, 0), 1) as "占比%"
from series c
join region r on r.code = c.region
join series p
  on p.region = r.parent_code and p.indicator = c.indicator and p.period = c.period and p.kind = c.kind
where c.indicator = 'urban_dibao_households' and c.period = '2023' and c.kind = 'actual'
order by p.region, c.value desc
