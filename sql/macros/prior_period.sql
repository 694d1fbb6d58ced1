-- prior_period: the same period one year earlier, the base of a year-on-year change (2023H1 → 2022H1,
--   2023YTD05 → 2022YTD05), as warehouse.periods.prior; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro prior_period(p) as case
    when period_is_code(p) then lpad((left(p::varchar, 4)::integer - 1)::varchar, 4, '0') || substr(p::varchar, 5)
    else period_shift(p, -1)
end
