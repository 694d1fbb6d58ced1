-- change_phrase_styled: change_phrase and change_phrase_nbs with the style as the first argument ('local' | 'nbs'):
--   looks the unit up in the unit table (unknown units are their own base) and hands over to change_phrase_as.
--   change_phrase_styled('nbs', 'stock', '2023', 20.02, 19.55, '万人', 2) → '比上年末增加0.47万人'.
-- grain: scalar, one value per call.
-- columns: style, measure, period, v, pv, u, d → varchar; null when v, pv or measure is null.
create or replace macro change_phrase_styled(style, measure, period, v, pv, u, d) as (
    select change_phrase_as(
        style,
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
