-- title: Status report evaluation
-- description: Every status report compared with the initiative's earlier ones: slips, cost changes, re-baselines and runs of red.
-- hidden: true
WITH params AS (
    SELECT getvariable('rebaseline_tolerance_pct')::DOUBLE AS rebaseline_tolerance_pct
),
ordered AS (
    -- Each comparison looks only backwards, so one pass over every report
    -- serves both audit points: a report's figures never depend on later ones.
    SELECT
        r.*,
        row_number() OVER w AS report_number,
        lag(r.rating) OVER w AS previous_rating,
        lag(r.end_date) OVER w AS previous_end_date,
        lag(r.whole_life_cost) OVER w AS previous_cost,
        -- the earliest earlier report that has the figure
        first_value(r.end_date IGNORE NULLS) OVER (PARTITION BY r.initiative_id ORDER BY r.reported_on
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS first_end_date,
        first_value(r.whole_life_cost IGNORE NULLS) OVER (PARTITION BY r.initiative_id ORDER BY r.reported_on
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS first_cost,
        r.rating IN ('red', 'amber_red') AS is_red,
        -- a run of reds is cut by any other rating: count the cuts so far
        sum(CASE WHEN r.rating IN ('red', 'amber_red') THEN 0 ELSE 1 END) OVER w AS cuts
    FROM status_reports AS r
    WINDOW w AS (PARTITION BY r.initiative_id ORDER BY r.reported_on ROWS UNBOUNDED PRECEDING)
),
compared AS (
    SELECT
        o.*,
        (o.end_date - o.previous_end_date)::INTEGER AS end_date_slip_days,
        (o.end_date - o.first_end_date)::INTEGER AS cumulative_slip_days,
        round((o.whole_life_cost - o.previous_cost)::DOUBLE * 100 / nullif(o.previous_cost, 0)::DOUBLE, 2) AS cost_change_pct,
        round((o.whole_life_cost - o.first_cost)::DOUBLE * 100 / nullif(o.first_cost, 0)::DOUBLE, 2) AS cumulative_cost_change_pct,
        CASE WHEN o.is_red THEN
            count(*) FILTER (WHERE o.is_red) OVER (PARTITION BY o.initiative_id, o.cuts ORDER BY o.reported_on ROWS UNBOUNDED PRECEDING)
        ELSE 0 END::INTEGER AS consecutive_red
    FROM ordered AS o
)
SELECT
    c.initiative_id,
    c.reported_on,
    c.rating,
    c.previous_rating,
    c.end_date,
    c.end_date_slip_days,
    c.cumulative_slip_days,
    c.whole_life_cost,
    c.cost_change_pct,
    c.cumulative_cost_change_pct,
    -- compared on the rounded percentage, so the flag agrees with the figure shown
    coalesce(c.end_date_slip_days > 0, false)
        OR coalesce(c.cost_change_pct > params.rebaseline_tolerance_pct, false) AS rebaselined,
    c.consecutive_red,
    c.narrative,
    c.report_number
FROM compared AS c
CROSS JOIN params
