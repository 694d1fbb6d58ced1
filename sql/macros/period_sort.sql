-- period_sort: an integer that orders period codes chronologically, the integer form of
--   warehouse.periods.sort_key (year, end_month, months, 1 for a year): by end of period, longer spans last, and a
--   year after its December, Q4, H2 and YTD12. Equal only for the same period. Null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → bigint (year·100000 + end_month·1000 + months·10 + is_year).
create or replace macro period_sort(p) as case
    when period_is_code(p) then left(p::varchar, 4)::bigint * 100000 + case substr(p::varchar, 5, 1)
        when '' then 12121
        when 'H' then right(p::varchar, 1)::integer * 6000 + 60
        when 'Q' then right(p::varchar, 1)::integer * 3000 + 30
        when 'M' then right(p::varchar, 2)::integer * 1000 + 10
        else right(p::varchar, 2)::integer * 1010
    end
    else list_transform([period_code(p)], lambda c: left(c, 4)::bigint * 100000 + case substr(c, 5, 1)
        when '' then 12121
        when 'H' then right(c, 1)::integer * 6000 + 60
        when 'Q' then right(c, 1)::integer * 3000 + 30
        when 'M' then right(c, 2)::integer * 1000 + 10
        else right(c, 2)::integer * 1010
    end)[1]
end
