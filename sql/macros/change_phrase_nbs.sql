-- change_phrase_nbs: the change from pv (last year's value) to v as statistical communiqués write it (docs/conventions.md):
--   annual stocks 比上年末, other annual 比上年, sub-annual 同比: change_phrase_nbs('stock', '2023', 20.02, 19.55,
--   '万人', 2) → '比上年末增加0.47万人'; change_phrase_nbs('flow', '2025YTD09', 103, 100, '亿元', 1) → '同比增长3.0%'.
--   Same arguments, rules and unit lookup as change_phrase.
-- grain: scalar, one value per call.
-- columns: measure, period, v, pv, u, d → varchar; null when v, pv or measure is null.
create or replace macro change_phrase_nbs(measure, period, v, pv, u, d) as
    change_phrase_styled('nbs', measure, period, v, pv, u, d)
