-- change_phrase_as: the year-on-year change of one value rendered as reports write it (docs/display.md), for callers
--   that already know the unit's base, factor and family (the yoy view joins the unit table once per row).
--   style 'local' (work reports): annual 较上年, sub-annual 较上年同期; 'nbs' (communiqués): annual stocks 比上年末,
--   other annual 比上年, sub-annual 同比. By measure: stock 增加/减少 N 单位 (N with the values' decimals: the
--   indicator's, or more when the values were stated with more, 84.30 → 72.50万元 减少11.80万元; thousands
--   separators; 万/亿 for large 元/人/户 amounts where no digit is lost); flow and average 增长/下降 X.X% (always one
--   decimal; 增长 r 倍 from +100%, r to two decimals, trailing zeros dropped); rate 提高/降低 X 个百分点 with as many
--   decimals as the two rates were stated with, at most two (3.6 → 3.4: 降低0.2; 97.53 → 97.74: 提高0.21; 个千分点
--   for ‰, 2.5/10万 for 1/10万). Catalogued or not, the same rules. No change after rounding → 与上年持平
--   (与上年同期持平; nbs stocks 与上年末持平). Prior 0 → 新增 N 单位 without a percent; a negative prior (a flow gone
--   negative) → 增加/减少 N 单位; no prior → null. Numbers are rounded once, half up, at the end (num_fixed), after
--   dropping binary noise below 1e-9 (105.05 against 100 is +5.05%, shown 5.1%, as Decimal arithmetic gives).
-- grain: scalar, one value per call.
-- columns: style ('local' | 'nbs'), measure (stock | flow | average | rate), annual (boolean: the period is a year),
--   v (value), pv (prior value in the same unit), u_name, u_base, u_factor, u_family (the unit and its unit-table
--   row; pass u_name, u_name, 1, 'other' for an unknown unit), d (indicator decimals, in u_name) → varchar.
create or replace macro change_phrase_as(style, measure, annual, v, pv, u_name, u_base, u_factor, u_family, d) as case
    when v is null or pv is null or measure is null then null
    -- no change after rounding: amounts at the values' decimals, flows/averages in % to one decimal, rates in points
    -- to the rates' stated decimals
    when (measure = 'stock' or (measure in ('flow', 'average') and pv <= 0))
            and round(abs(v - pv), 9) < 0.5 / power(10, least(greatest(coalesce(d, 0), num_places_max(v, pv)), 6))
        or (measure in ('flow', 'average') and pv > 0) and round(abs((v - pv) / pv * 100), 9) < 0.05
        or measure = 'rate' and round(abs(v - pv), 9) < 0.5 / power(10, least(num_places_max(v, pv), 2))
        then case
            when style = 'nbs' and not coalesce(annual, true) then '与上年同期持平'
            when style = 'nbs' and measure = 'stock' then '与上年末持平'
            when coalesce(annual, true) then '与上年持平'
            else '与上年同期持平'
        end
    else case
            when style = 'nbs' and not coalesce(annual, true) then '同比'
            when style = 'nbs' and measure = 'stock' then '比上年末'
            when style = 'nbs' then '比上年'
            when coalesce(annual, true) then '较上年'
            else '较上年同期'
        end || case
            when measure = 'rate'
                then case when v > pv then '提高' else '降低' end
                    || num_fixed(round(abs(v - pv), 9), least(num_places_max(v, pv), 2))
                    || case
                        when u_name in ('%', '％', '个百分点', '百分点') then '个百分点'
                        when u_name = '‰' then '个千分点'
                        when u_name like '1/%' then substr(u_name, 2)
                        else coalesce(u_name, '')
                    end
            when measure in ('flow', 'average') and pv > 0
                then case
                    when v / pv >= 2 then '增长' || num_trim_zeros(num_fixed(round(v / pv - 1, 9), 2)) || '倍'
                    else case when v > pv then '增长' else '下降' end
                        || num_fixed(round(abs(v - pv) / pv * 100, 9), 1) || '%'
                end
            when measure in ('stock', 'flow', 'average')
                then case when pv = 0 and v > 0 then '新增' when v > pv then '增加' else '减少' end
                    || num_humanize_as(
                        round(abs(v - pv), 9), u_name, u_base, u_factor, u_family,
                        least(greatest(coalesce(d, 0), num_places_max(v, pv)), 6), 4
                    )
        end
end
