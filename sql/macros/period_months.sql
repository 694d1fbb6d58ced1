-- period_months: how many months a period spans (12, 6, 3, 1, or N for YTD N), as warehouse.periods.Period.months;
--   null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_months(p) as period_end_month(p) - period_start_month(p) + 1
