-- change_phrase_nbs: the change from pv (last year's value) to v as statistical communiqués write it (CONVENTIONS §2):
--   annual stocks 比上年末, other annual 比上年, sub-annual 同比: change_phrase_nbs('stock', '2023', 20.02, 19.55,
--   '万人', 2) → '比上年末增加0.47万人'; change_phrase_nbs('flow', '2025YTD09', 103, 100, '亿元', 1) → '同比增长3.0%'.
--   Same arguments, rules and unit lookup as change_phrase.
-- grain: scalar, one value per call.
-- columns: measure, period, v, pv, u, d → varchar; null when v, pv or measure is null.
create or replace macro change_phrase_nbs(measure, period, v, pv, u, d) as (
    select change_phrase_as(
        'nbs',
        measure,
        coalesce(period_kind(period), 'Y') = 'Y',
        v,
        pv,
        trim(u),
        coalesce(un.base, trim(u)),
        coalesce(un.factor, 1.0),
        coalesce(un.family, 'other'),
        d
    )
    from (select 1) as one
    left join unit as un on un.name = trim(u)
)
