-- period_trim: a period code as text with surrounding whitespace removed and full-width digits made ASCII, the
--   way warehouse.periods.parse reads it (str.strip(); its \d also accepts １２３).
-- grain: scalar, one value per call.
-- columns: p (any value; cast to varchar) → varchar (null when p is null).
create or replace macro period_trim(p) as regexp_replace(
    translate(p::varchar, '０１２３４５６７８９', '0123456789'),
    '^[\s\p{Z}\x{0b}\x{1c}-\x{1f}\x{85}]+|[\s\p{Z}\x{0b}\x{1c}-\x{1f}\x{85}]+$',
    '',
    'g'
)
