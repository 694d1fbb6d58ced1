-- title: 表述推算的上年数与实际上年数 / Prior values implied by reports vs actual ones
-- description: 由“较上年增加 N”或“增长 X%”反推的上年数，和仓库中实际的上年数对照；差距大说明表述或数据有误。
--   / The prior-period value implied by each stated change next to the actual prior value in the warehouse.
-- shows: implied_prior, series
select p.indicator as 指标, p.region as 地区, p.period as 期间,
       round(p.value, 2) as 推算上年数, a.value as 实际上年数, round(p.value - a.value, 2) as 差距, p.unit as 单位
from implied_prior p
left join series a
  on a.indicator = p.indicator and a.region = p.region and a.period = p.period and a.kind = 'actual'
order by abs(p.value - a.value) desc nulls last, p.indicator, p.region
