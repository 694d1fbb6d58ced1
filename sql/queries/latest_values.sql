-- title: 各指标最新值 / Latest value of every indicator
-- description: 青岚市每个指标最近一期的数值及其同比表述，用于快速了解全市概况。
--   / The latest period's value of every indicator for the city 青岚市, with its year-on-year phrase.
-- shows: latest
select domain as 领域, indicator_name as 指标, period as 最新期间, value as 数值, unit as 单位, phrase as 表述
from latest
where region_name = '青岚市'
order by domain, indicator_name
