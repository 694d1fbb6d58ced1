-- title: 变化最大的指标 / Largest year-on-year changes
-- description: 年度数据中同比增幅绝对值最大的 20 条（不含可疑数据），用于找出异常波动或重点变化。
--   / The 20 annual facts with the largest percentage change, suspect facts left out.
-- shows: yoy, ranking
select indicator_name as 指标, region_name as 地区, period as 期间,
       prior_value as 上年, value as 本年, unit as 单位, round(pct, 1) as "增幅%", phrase as 表述
from yoy
where pct is not null and length(period) = 4 and not coalesce(suspect, false)
order by abs(pct) desc, indicator, region
limit 20
