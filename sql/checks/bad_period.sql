-- bad_period: 期间代码无法解析 / period code that does not parse
-- purpose: every period should be a canonical code (2023, 2023H1, 2023Q2, 2023M05, 2023YTD05) or null (the text
--   gave none). A code that does not parse never joins a prior year; a valid but non-canonical one (2023Q01,
--   ' 2023') misses its comparisons too. Checked on every fact, every vintage.
-- grain: one row per offending fact.
-- columns: fact_id, indicator, region, period, problem (Chinese / English), canonical (the code it should be, when
--   valid), source_id, quote.
select
    f.id as fact_id,
    f.indicator,
    f.region,
    f.period,
    case
        when period_valid(f.period) then '不是规范写法 / not the canonical form'
        else '无法解析 / does not parse'
    end as problem,
    period_code(f.period) as canonical,
    f.source_id,
    f.quote
from fact_live as f
where f.period is not null and not (period_is_code(f.period))
order by f.source_id, f.id
