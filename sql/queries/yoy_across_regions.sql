-- title: 同比：一个指标在各地区的变化 / YoY of one indicator across regions
-- description: 城市低保户数最近一个年度在每个地区的上年值、增减、增幅和报告式表述；把指标代码换成你关心的指标。
--   / The latest annual value of one indicator in every region with last year's value, change and phrase.
-- shows: yoy, change phrase
select region_name as 地区, period as 期间, value as 数值, unit as 单位,
       prior_value as 上年, delta as 增减, round(pct, 1) as "增幅%", phrase as 表述
from yoy
where indicator = 'urban_dibao_households'
  and period = (select max(period) from yoy where indicator = 'urban_dibao_households' and length(period) = 4)
order by region
