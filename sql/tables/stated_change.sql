-- stated_change: a change a report claims for a fact (较上年减少52户), kept exactly as stated.
-- grain: one row per fact that states a change.
-- columns: fact_id, base (the base as written: 上年, 去年同期, 上年末, 2022年 ...), base_period (the period code
--   of the base, resolved from base and the fact's period; null when unknown), direction (+ | - | =), amount (as
--   stated; null for 持平 or when only a direction is given), unit (人, %, 百分点 ...), quote.
create table if not exists stated_change (
    fact_id     bigint primary key,
    base        varchar,
    base_period varchar,
    direction   varchar not null check (direction in ('+', '-', '=')),
    amount      double,
    unit        varchar,
    quote       varchar
);
