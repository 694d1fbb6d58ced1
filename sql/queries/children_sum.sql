-- title: 上级数小于下级之和 / Parent values below the sum of their children
-- description: 可加总指标中，上级地区的数值与下级地区合计不一致的期间（下级不全时合计可能偏小，上级小于合计则必有错）。
--   / For additive indicators: a region's value next to the sum of its sub-regions' values, where they differ.
-- shows: series, indicator, region hierarchy
select p.indicator_name as 指标, p.region_name as 地区, p.period as 期间, p.value as 数值,
       sum(c.value) as 下级合计, count(*) as 下级个数, p.value < sum(c.value) as 小于下级合计
from series p
join indicator i on i.code = p.indicator and i.additive
join region r on r.parent_code = p.region
join series c on c.region = r.code and c.indicator = p.indicator and c.period = p.period and c.kind = p.kind
where p.kind = 'actual' and c.unit = p.unit
group by p.indicator, p.indicator_name, p.region, p.region_name, p.period, p.value
having abs(p.value - sum(c.value)) > 0.5
order by 小于下级合计 desc, p.indicator, p.region, p.period
