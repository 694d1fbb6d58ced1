-- period_code: the canonical form of a period code (2023Q01 → 2023Q1, ' 2023M05' → 2023M05), as
--   warehouse.periods.parse(p).code; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_code(p) as case
    when period_is_code(p) then p::varchar
    when regexp_full_match(
        period_trim(p), '(19[0-9]{2}|2[01][0-9]{2}|2200)(H0?[12]|Q0?[1-4]|M(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?'
    ) then left(period_trim(p), 4) || regexp_replace(substr(period_trim(p), 5), '^([HQ])0', '\1')
end
