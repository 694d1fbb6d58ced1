-- period_start_month: the first month a period covers (1 for a year and for YTD), as
--   warehouse.periods.Period.start_month; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_start_month(p) as case
    when period_is_code(p) then case substr(p::varchar, 5, 1)
        when '' then 1
        when 'Y' then 1
        when 'H' then 6 * right(p::varchar, 1)::integer - 5
        when 'Q' then 3 * right(p::varchar, 1)::integer - 2
        else right(p::varchar, 2)::integer
    end
    else list_transform([period_code(p)], lambda c: case substr(c, 5, 1)
        when '' then 1
        when 'Y' then 1
        when 'H' then 6 * right(c, 1)::integer - 5
        when 'Q' then 3 * right(c, 1)::integer - 2
        else right(c, 2)::integer
    end)[1]
end
