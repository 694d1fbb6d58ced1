-- period_shift: the same period n years later (negative n: earlier), as a canonical code, as
--   warehouse.periods.shift: 2023YTD05, -1 → 2022YTD05; 2023Q01, 0 → 2023Q1. Null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar), n (integer years) → varchar.
create or replace macro period_shift(p, n) as case period_kind(p)
    when 'Y' then lpad((period_year(p) + n)::varchar, 4, '0')
    when 'H' then lpad((period_year(p) + n)::varchar, 4, '0') || 'H' || period_index(p)::varchar
    when 'Q' then lpad((period_year(p) + n)::varchar, 4, '0') || 'Q' || period_index(p)::varchar
    else lpad((period_year(p) + n)::varchar, 4, '0') || period_kind(p) || lpad(period_index(p)::varchar, 2, '0')
end
