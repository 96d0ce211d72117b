-- title: Status report history
-- description: Every status report up to the as-of date, each compared with the one before and with the initiative's first: how far the end date slipped, how much the whole-life cost moved, whether it re-baselined, and how many reds in a row.
-- sheet: Status report history
SELECT
    initiative_id,
    reported_on,
    rating,
    previous_rating,
    end_date,
    end_date_slip_days,
    cumulative_slip_days,
    whole_life_cost,
    cost_change_pct,
    cumulative_cost_change_pct,
    rebaselined,
    consecutive_red
FROM report_eval
WHERE reported_on <= getvariable('as_of')
ORDER BY initiative_id, reported_on
