-- period_valid: true when p is a period code warehouse.periods.is_valid accepts (2023, 2023H1, 2023Q2, 2023M05,
--   2023YTD05; years 1900–2200; months and YTD with two digits); false for null and anything else.
-- grain: scalar, one value per call.
-- columns: p (varchar) → boolean, never null.
create or replace macro period_valid(p) as coalesce(
    regexp_full_match(
        period_trim(p),
        '(19[0-9]{2}|2[01][0-9]{2}|2200)(H0?[12]|Q0?[1-4]|M(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?'
    ),
    false
)
