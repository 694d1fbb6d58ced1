-- num_fixed: x rounded half up (away from zero) to d decimal places, as text without separators ('2.68' for 2.675,
--   2), as warehouse.units.format_number rounds Decimal(str(x)): x is scaled by 10^d and first rounded to 6 places,
--   which removes the binary noise (2.675 × 100 = 267.49999999999997 → 267.5), then rounded half away from zero, in
--   double arithmetic (an exact DECIMAL round trip is several times slower on millions of rows). Agrees with Python
--   for numbers with up to ~15 significant digits; d is clamped to 0..10.
--   The common 0–3 places take a constant format string (a third faster on millions of rows than building one).
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places) → varchar; null when x is null.
create or replace macro num_fixed(x, d) as case least(greatest(coalesce(d, 0), 0), 10)
    when 0 then printf('%.0f', round(round(x::double * 1, 6)) / 1)
    when 1 then printf('%.1f', round(round(x::double * 10, 6)) / 10)
    when 2 then printf('%.2f', round(round(x::double * 100, 6)) / 100)
    when 3 then printf('%.3f', round(round(x::double * 1000, 6)) / 1000)
    else printf(
        '%.' || least(greatest(coalesce(d, 0), 0), 10)::varchar || 'f',
        round(round(x * power(10, least(greatest(coalesce(d, 0), 0), 10)), 6)) / power(10, least(greatest(coalesce(d, 0), 0), 10))
    )
end
