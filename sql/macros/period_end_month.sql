-- period_end_month: the last month a period covers (a stock is read at its end): 12 for a year, 6 for H1, 9 for
--   Q3, N for M and YTD; as warehouse.periods.Period.end_month; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_end_month(p) as case
    when period_is_code(p) then case substr(p::varchar, 5, 1)
        when '' then 12
        when 'H' then 6 * right(p::varchar, 1)::integer
        when 'Q' then 3 * right(p::varchar, 1)::integer
        else right(p::varchar, 2)::integer
    end
    else list_transform([period_code(p)], lambda c: case substr(c, 5, 1)
        when '' then 12
        when 'H' then 6 * right(c, 1)::integer
        when 'Q' then 3 * right(c, 1)::integer
        else right(c, 2)::integer
    end)[1]
end
