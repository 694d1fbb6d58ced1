-- period: every valid period code (years 1900–2200: the year, H1–H2, Q1–Q4, M01–M12, YTD01–YTD12), with what the
--   views need to compare and order periods. Seeded from warehouse/periods.py, like unit: the views join this small
--   table on the code instead of parsing the code of every row (a code that is not here is not a canonical period
--   code: bad_period lists it, and it has no prior year, kind or order).
-- grain: one row per period code (9,331 rows).
-- columns: code, year, kind (Y | H | Q | M | YTD), idx (the half, quarter or month; 0 for a year), start_month,
--   end_month, months (how many months it spans), sort_key (period_sort: by end of period, longer spans last),
--   prior (the same period one year earlier: 2023H1 → 2022H1), label (2023年上半年).
create table if not exists period (
    code        varchar primary key,
    year        integer not null,
    kind        varchar not null,
    idx         integer not null,
    start_month integer not null,
    end_month   integer not null,
    months      integer not null,
    sort_key    bigint not null,
    prior       varchar not null,
    label       varchar not null
);
