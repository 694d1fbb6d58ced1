-- title: 报告表述与计算不符 / Stated changes that do not match the data
-- description: 报告中“较上年增加/增长”等表述与仓库按上年数计算的变化不一致或无法核对的条目，附原文，按状态排序。
--   / Stated changes from report text that disagree with the change computed from the warehouse, or cannot be checked.
-- shows: stated_vs_computed
select status as 状态, indicator as 指标, region as 地区, period as 期间, value as 数值, unit as 单位,
       direction as 方向, amount as 表述变化, stated_unit as 表述单位, prior_value as 上年数,
       round(computed_delta, 2) as 计算增减, round(computed_pct, 1) as "计算增幅%", quote as 原文
from stated_vs_computed
where status <> 'consistent'
order by status, indicator, region, period
