-- num_format: x with thousands separators and d decimal places, rounded half up, as
--   warehouse.units.format_number: 1234567.891, 2 → '1,234,567.89'; 0.05, 1 → '0.1'; -2.5, 0 → '-3'. Rounding as
--   num_fixed; printf only adds the separators to a value that already has d places.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places; null or negative → 0) → varchar; null when x is null.
create or replace macro num_format(x, d) as printf(
    '%,.' || least(greatest(coalesce(d, 0), 0), 10)::varchar || 'f',
    round(round(x * power(10, least(greatest(coalesce(d, 0), 0), 10)), 6)) / power(10, least(greatest(coalesce(d, 0), 0), 10))
)
