-- num_fixed: x rounded half up (away from zero) to d decimal places, as text without separators ('2.68' for 2.675,
--   2), as warehouse.units.format_number rounds Decimal(str(x)): x is scaled by 10^d and first rounded to 6 places,
--   which removes the binary noise (2.675 × 100 = 267.49999999999997 → 267.5), then rounded half away from zero, in
--   double arithmetic (an exact DECIMAL round trip is several times slower on millions of rows). Agrees with Python
--   for numbers with up to ~15 significant digits; d is clamped to 0..10.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places) → varchar; null when x is null.
create or replace macro num_fixed(x, d) as printf(
    '%.' || least(greatest(coalesce(d, 0), 0), 10)::varchar || 'f',
    round(round(x * power(10, least(greatest(coalesce(d, 0), 0), 10)), 6)) / power(10, least(greatest(coalesce(d, 0), 0), 10))
)
