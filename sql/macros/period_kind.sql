-- period_kind: the kind of a period code, as warehouse.periods.Period.kind: Y (year), H (half), Q (quarter),
--   M (month), YTD (January to month N); null when the code is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_kind(p) as case
    when period_is_code(p) then case when length(p::varchar) = 4 then 'Y' else regexp_extract(p::varchar, '[A-Z]+') end
    else list_transform([period_code(p)], lambda c: case when length(c) = 4 then 'Y' else regexp_extract(c, '[A-Z]+') end)[1]
end
