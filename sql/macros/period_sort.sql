-- period_sort: an integer that orders period codes chronologically, the integer form of
--   warehouse.periods.sort_key (year, end_month, months, 1 for a year): by end of period, longer spans last, and a
--   year after its December, Q4, H2 and YTD12. Equal only for the same period. Null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → bigint (year·100000 + end_month·1000 + months·10 + is_year).
create or replace macro period_sort(p) as period_year(p)::bigint * 100000 + period_end_month(p) * 1000
    + period_months(p) * 10 + case when period_kind(p) = 'Y' then 1 else 0 end
