-- period_kind: the kind of a period code, as warehouse.periods.Period.kind: Y (year), H (half), Q (quarter),
--   M (month), YTD (January to month N); null when the code is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_kind(p) as case
    when period_valid(p) then coalesce(nullif(regexp_extract(period_trim(p), '^[0-9]{4}([A-Z]*)', 1), ''), 'Y')
end
