-- title: 单月同比（用 change_phrase 宏） / Single-month YoY with the change_phrase macro
-- description: 由累计数推算的单月值与上年同月相比，用 change_phrase 宏生成“较上年同期增长 X%”式表述（yoy 视图不含推算值）。
--   / Derived single months against the same month a year earlier, phrased by the change_phrase macro.
-- shows: ytd_single, change_phrase, prior_period
select c.region_name as 地区, c.period as 期间, c.value as 单月值, p.value as 上年同月, c.unit as 单位,
       change_phrase(c.measure, c.period, c.value, p.value, c.unit, c.decimals) as 表述
from ytd_single c
join ytd_single p
  on p.indicator = c.indicator and p.region = c.region and p.period = prior_period(c.period) and p.unit = c.unit
where c.indicator = 'dibao_funds' and c.period like '%M%'
order by c.region, c.period
limit 500
