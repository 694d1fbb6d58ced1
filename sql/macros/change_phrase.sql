-- change_phrase: how a work report says the change from pv (last year's value) to v, local style (docs/conventions.md):
--   change_phrase('stock', '2023', 800, 852, '户', 0) → '较上年减少52户'; change_phrase('flow', '2023H1', 105.2,
--   100, '万元', 2) → '较上年同期增长5.20%'; change_phrase('rate', '2023', 99.6, 99.3, '%', 1) → '较上年提高0.3个百分点'.
--   For analysts' SQL: the unit is looked up in the unit table (unknown units are their own base). Rules, rounding
--   and edge cases as change_phrase_as; change_phrase_nbs is the communiqué style.
-- grain: scalar, one value per call.
-- columns: measure (stock | flow | average | rate), period (code; sub-annual codes say 较上年同期), v, pv (in the
--   unit u), u (unit name), d (decimals of the indicator) → varchar; null when v, pv or measure is null.
create or replace macro change_phrase(measure, period, v, pv, u, d) as
    change_phrase_styled('local', measure, period, v, pv, u, d)
