-- num_format: x with thousands separators and d decimal places, rounded half up, as
--   warehouse.units.format_number: 1234567.891, 2 → '1,234,567.89'; 0.05, 1 → '0.1'; -2.5, 0 → '-3'.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places; null or negative → 0) → varchar; null when x is null.
create or replace macro num_format(x, d) as list_transform(
    [{'k': least(greatest(coalesce(d, 0), 0), 10)::integer, 'v': try_cast(x::double::varchar as decimal(38, 10))}],
    lambda a: list_transform(
        [round(abs(a.v) * power(10, a.k)::decimal(38, 0), 0)::hugeint::varchar],
        lambda n: list_transform(
            [lpad(n, greatest(length(n), a.k + 1)::integer, '0')],
            lambda s: case when a.v < 0 then '-' else '' end
                || format('{:,}', left(s, length(s) - a.k)::hugeint)
                || case when a.k > 0 then '.' || right(s, a.k) else '' end
        )[1]
    )[1]
)[1]
