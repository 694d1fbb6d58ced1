-- stated_vs_computed: every change a report states (stated_change) next to the change computed from the warehouse
--   for the same key: the stating fact's value against the current actual value of the base period (base_period,
--   else one year earlier), converted to the same unit. Compared in the terms of the statement: % → percent change,
--   个百分点 → points (a % on a rate may mean either; both are accepted), 倍 → ratio − 1, an amount → the difference in
--   the amount's unit; a bare direction → the sign; 持平 → the change rounds to nothing (change_phrase_as says 持平).
--   The tolerance respects the precision of what was stated: half a unit of its last decimal (52 → 0.5, 5.2 → 0.05).
-- grain: one row per stated change.
-- columns: fact_id, indicator, indicator_name, region, region_name, period, value, unit, measure, kind, source_id,
--   quote, base, direction, amount, stated_unit, prior_period, prior_fact_id, prior_value (in unit), computed_delta
--   (in unit), computed_pct, computed (the computed change in the statement's terms, signed), stated (the stated
--   change, signed), tolerance, status (consistent | inconsistent | unverifiable: no prior value, units that do not
--   convert, or a change relative to another benchmark).
create or replace view stated_vs_computed as
with stated as (
    select
        c.fact_id,
        f.indicator,
        i.name as indicator_name,
        f.region,
        r.name as region_name,
        f.period,
        f.value,
        f.unit,
        f.base_unit,
        i.measure,
        i.decimals,
        f.kind,
        f.source_id,
        coalesce(c.quote, f.quote) as quote,
        c.base,
        c.direction,
        c.amount,
        c.unit as stated_unit,
        coalesce(c.base_period, pd.prior) as prior_period,
        coalesce(pd.kind = 'Y', true) as annual,
        case c.direction when '+' then 1 when '-' then -1 else 0 end as sign,
        case
            when c.unit in ('百分点', '个百分点') then 'points'
            when c.unit in ('%', '％') and i.measure = 'rate' then 'rate_pct'
            when c.unit in ('%', '％') then 'pct'
            when c.unit = '倍' then 'times'
            when c.unit is null or coalesce(uc.base, c.unit) = coalesce(uf.base, f.unit) then 'amount'
            else 'other'
        end as mode,
        -- how many stated units one unit of the value is worth (增加0.47万人 against a value in 人)
        coalesce(uf.factor, 1.0) / coalesce(uc.factor, uf.factor, 1.0) as to_stated,
        coalesce(uf.base, f.unit) as u_base,
        coalesce(uf.factor, 1.0) as u_factor,
        coalesce(uf.family, 'other') as u_family
    from stated_change as c
    inner join fact_live as f on c.fact_id = f.id
    left join indicator as i on f.indicator = i.code
    left join region as r on f.region = r.code
    left join unit as uc on c.unit = uc.name
    left join unit as uf on f.unit = uf.name
    left join period as pd on f.period = pd.code
),

computed as (
    select
        s.*,
        p.fact_id as prior_fact_id,
        case
            when p.unit = s.unit then p.value
            when p.base_unit = s.base_unit then p.base_value / s.u_factor
        end as prior_value
    from stated as s
    left join series as p
        on
            s.indicator = p.indicator
            and s.region = p.region
            and s.prior_period = p.period
            and p.kind = 'actual'
            and s.kind <> 'relative'
),

compared as (
    select
        *,
        value - prior_value as computed_delta,
        case when prior_value > 0 then (value - prior_value) / prior_value * 100 end as computed_pct,
        case
            when mode = 'pct' then (value - prior_value) / nullif(prior_value, 0) * 100
            when mode in ('points', 'rate_pct') then value - prior_value
            when mode = 'times' then value / nullif(prior_value, 0) - 1
            when mode = 'amount' then (value - prior_value) * to_stated
        end as computed,
        sign * amount as stated,
        0.5 / power(10, coalesce(num_places(amount), 0)) + 1e-9 as tolerance
    from computed
)

select
    fact_id,
    indicator,
    indicator_name,
    region,
    region_name,
    period,
    value,
    unit,
    measure,
    kind,
    source_id,
    quote,
    base,
    direction,
    amount,
    stated_unit,
    prior_period,
    prior_fact_id,
    prior_value,
    computed_delta,
    computed_pct,
    computed,
    stated,
    tolerance,
    case
        when kind = 'relative' or prior_value is null or mode = 'other' then 'unverifiable'
        when direction = '=' or amount = 0
            then case
                when change_phrase_as('local', measure, annual, value, prior_value, unit, u_base, u_factor, u_family, decimals)
                    like '%持平' then 'consistent'
                else 'inconsistent'
            end
        when amount is null
            then case when sign(computed_delta) = sign then 'consistent' else 'inconsistent' end
        when abs(computed - stated) <= tolerance then 'consistent'
        when mode = 'rate_pct' and abs(computed_pct - stated) <= tolerance then 'consistent'
        when computed is null then 'unverifiable'
        else 'inconsistent'
    end as status
from compared
