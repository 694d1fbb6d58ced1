-- period_start_month: the first month a period covers (1 for a year and for YTD), as
--   warehouse.periods.Period.start_month; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_start_month(p) as case period_kind(p)
    when 'Y' then 1
    when 'YTD' then 1
    when 'H' then 6 * period_index(p) - 5
    when 'Q' then 3 * period_index(p) - 2
    else period_index(p)
end
