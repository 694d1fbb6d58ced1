-- period_is_code: true when p is already a canonical, valid period code (2023, 2023H1, 2023Q2, 2023M05, 2023YTD05 with
--   years 1900–2200), the form the warehouse stores. One RE2 match: the other period macros take a fast path of plain
--   string arithmetic for these and fall back to the general parse (whitespace, full-width digits, 2023Q01) otherwise.
-- grain: scalar, one value per call.
-- columns: p (varchar) → boolean, never null.
create or replace macro period_is_code(p) as coalesce(
    regexp_full_match(p::varchar, '(19[0-9]{2}|2[01][0-9]{2}|2200)(H[12]|Q[1-4]|M(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?'),
    false
)
