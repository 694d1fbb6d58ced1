-- num_trim_zeros: drop trailing zeros after the decimal point, and the point itself when nothing follows
--   ('139.50' → '139.5', '21.00' → '21'; '1,200' stays), as humanize does after 万/亿.
-- grain: scalar, one value per call.
-- columns: s (varchar number text) → varchar.
create or replace macro num_trim_zeros(s) as regexp_replace(s, '(\.[0-9]*[1-9])0+$|\.0+$', '\1')
