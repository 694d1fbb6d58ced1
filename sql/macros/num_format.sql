-- num_format: x with thousands separators and d decimal places, rounded half up, as
--   warehouse.units.format_number: 1234567.891, 2 → '1,234,567.89'; 0.05, 1 → '0.1'; -2.5, 0 → '-3'.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places; null or negative → 0) → varchar; null when x is null.
create or replace macro num_format(x, d) as case
    when num_fixed(abs(x), d) is not null
        then case when x < 0 then '-' else '' end
            || format('{:,}', split_part(num_fixed(abs(x), d), '.', 1)::hugeint)
            || coalesce('.' || nullif(split_part(num_fixed(abs(x), d), '.', 2), ''), '')
end
