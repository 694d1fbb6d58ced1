-- period_label: the Chinese label reports use for a period code, as warehouse.periods.label_zh: 2023年,
--   2023年上半年, 2023年第二季度, 2023年5月, 2023年1-5月 (YTD01 → 2023年1月); null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_label(p) as case
    when period_is_code(p) then left(p::varchar, 4) || '年' || case substr(p::varchar, 5, 1)
        when '' then ''
        when 'H' then case right(p::varchar, 1) when '1' then '上半年' else '下半年' end
        when 'Q' then '第' || ['一', '二', '三', '四'][right(p::varchar, 1)::integer] || '季度'
        when 'M' then right(p::varchar, 2)::integer::varchar || '月'
        else case right(p::varchar, 2) when '01' then '' else '1-' end || right(p::varchar, 2)::integer::varchar || '月'
    end
    else list_transform([period_code(p)], lambda c: left(c, 4) || '年' || case substr(c, 5, 1)
        when '' then ''
        when 'H' then case right(c, 1) when '1' then '上半年' else '下半年' end
        when 'Q' then '第' || ['一', '二', '三', '四'][right(c, 1)::integer] || '季度'
        when 'M' then right(c, 2)::integer::varchar || '月'
        else case right(c, 2) when '01' then '' else '1-' end || right(c, 2)::integer::varchar || '月'
    end)[1]
end
