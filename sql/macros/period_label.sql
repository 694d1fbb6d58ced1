-- period_label: the Chinese label reports use for a period code, as warehouse.periods.label_zh: 2023年,
--   2023年上半年, 2023年第二季度, 2023年5月, 2023年1-5月 (YTD01 → 2023年1月); null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_label(p) as case period_kind(p)
    when 'Y' then period_year(p)::varchar || '年'
    when 'H' then period_year(p)::varchar || case period_index(p) when 1 then '年上半年' else '年下半年' end
    when 'Q' then period_year(p)::varchar || '年第' || ['一', '二', '三', '四'][period_index(p)] || '季度'
    when 'M' then period_year(p)::varchar || '年' || period_index(p)::varchar || '月'
    when 'YTD' then period_year(p)::varchar || '年' || case when period_index(p) = 1 then '' else '1-' end
        || period_index(p)::varchar || '月'
end
