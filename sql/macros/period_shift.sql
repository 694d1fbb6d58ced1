-- period_shift: the same period n years later (negative n: earlier), as a canonical code, as
--   warehouse.periods.shift: 2023YTD05, -1 → 2022YTD05; 2023Q01, 0 → 2023Q1. Null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar), n (integer years) → varchar.
create or replace macro period_shift(p, n) as case
    when period_is_code(p) then lpad((left(p::varchar, 4)::integer + n)::varchar, 4, '0') || substr(p::varchar, 5)
    else list_transform([period_code(p)], lambda c: lpad((left(c, 4)::integer + n)::varchar, 4, '0') || substr(c, 5))[1]
end
