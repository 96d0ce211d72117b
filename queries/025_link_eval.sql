-- title: Link evaluation
-- description: Every initiative-to-KPI link judged at this audit and at the previous one.
-- hidden: true
WITH params AS (
    -- The link rule, evaluated once per audit point (see link_status for the
    -- rule in words). Progress and elapsed are rounded to 4 decimals before they
    -- are compared, so the status always agrees with the figures people see.
    SELECT
        getvariable('stale_after_days')::INTEGER AS stale_after_days,
        getvariable('behind_tolerance')::DOUBLE AS behind_tolerance,
        getvariable('regress_tolerance')::DOUBLE AS regress_tolerance
),
link AS (
    SELECT
        row_number() OVER (ORDER BY l.initiative_id, l.kpi_id, l.due_date, l.start_date,
            l.baseline, l.target) AS link_no,
        l.initiative_id,
        l.kpi_id,
        l.baseline,
        l.target,
        l.due_date,
        coalesce(l.start_date, i.start_date) AS start_date,
        k.name AS kpi_name,
        k.unit,
        k.direction,
        -- a KPI measured yearly says so with its own stale_after_days
        coalesce(k.stale_after_days, params.stale_after_days) AS stale_after_days,
        coalesce(k.statement IN ('pnl', 'balance_sheet') AND coalesce(trim(k.line_item), '') <> '',
            false) AS financial,
        nullif(concat_ws('; ',
            CASE WHEN i.initiative_id IS NULL THEN 'unknown initiative' END,
            CASE WHEN k.kpi_id IS NULL THEN 'unknown KPI' END,
            CASE
                WHEN l.baseline IS NULL OR l.target IS NULL THEN 'baseline or target missing'
                WHEN l.target = l.baseline THEN 'target equals baseline'
            END,
            CASE
                WHEN l.due_date IS NULL THEN 'due date missing'
                WHEN coalesce(l.start_date, i.start_date) IS NULL
                    THEN 'no start date on the link or its initiative'
                WHEN l.due_date <= coalesce(l.start_date, i.start_date)
                    THEN 'due date on or before start date'
            END,
            CASE
                WHEN k.kpi_id IS NULL OR l.target = l.baseline THEN NULL
                WHEN k.direction = 'decrease' AND l.target > l.baseline
                    THEN 'KPI should decrease but target is above baseline'
                WHEN k.direction = 'increase' AND l.target < l.baseline
                    THEN 'KPI should increase but target is below baseline'
                WHEN k.direction IS NULL OR k.direction NOT IN ('increase', 'decrease')
                    THEN 'KPI direction is neither increase nor decrease'
            END
        ), '') AS problem
    FROM links AS l
    CROSS JOIN params
    LEFT JOIN initiatives AS i ON i.initiative_id = l.initiative_id
    LEFT JOIN kpis AS k ON k.kpi_id = l.kpi_id
),
vals AS (
    SELECT kpi_id, date, value
    FROM kpi_values
    WHERE date IS NOT NULL AND value IS NOT NULL
),
latest AS (
    -- the last value dated on or before each point's as_of (ties: the higher value)
    SELECT p.point, x.link_no, v.date AS latest_date, v.value AS latest_value
    FROM link AS x
    CROSS JOIN audit_points AS p
    JOIN vals AS v ON v.kpi_id = x.kpi_id AND v.date <= p.as_of
    QUALIFY row_number() OVER (PARTITION BY p.point, x.link_no ORDER BY v.date DESC, v.value DESC) = 1
),
in_window AS (
    SELECT p.point, x.link_no, count(*) AS n
    FROM link AS x
    CROSS JOIN audit_points AS p
    JOIN vals AS v ON v.kpi_id = x.kpi_id AND v.date >= x.start_date AND v.date <= p.as_of
    GROUP BY p.point, x.link_no
),
measured AS (
    SELECT
        p.point,
        p.as_of,
        x.*,
        x.problem IS NOT NULL AS invalid,
        lt.latest_value,
        lt.latest_date,
        coalesce(w.n, 0) AS values_in_window,
        round((lt.latest_value - x.baseline) / nullif(x.target - x.baseline, 0), 4) AS progress,
        CASE WHEN x.due_date > x.start_date THEN
            round(greatest(0, least(1, (p.as_of - x.start_date) / (x.due_date - x.start_date))), 4)
        END AS elapsed
    FROM link AS x
    CROSS JOIN audit_points AS p
    LEFT JOIN latest AS lt ON lt.point = p.point AND lt.link_no = x.link_no
    LEFT JOIN in_window AS w ON w.point = p.point AND w.link_no = x.link_no
)
SELECT
    m.point,
    m.as_of,
    m.link_no,
    m.initiative_id,
    m.kpi_id,
    m.baseline,
    m.target,
    m.latest_value,
    m.latest_date,
    m.progress,
    m.elapsed,
    CASE
        WHEN m.invalid THEN 'invalid'
        WHEN m.values_in_window = 0 OR m.as_of - m.latest_date > m.stale_after_days THEN 'no_data'
        WHEN m.progress >= 1 THEN 'achieved'
        WHEN m.progress < -params.regress_tolerance THEN 'regressing'
        WHEN m.as_of > m.due_date THEN 'overdue'
        WHEN m.progress < round(m.elapsed - params.behind_tolerance, 4) THEN 'behind'
        ELSE 'on_track'
    END AS status,
    m.due_date,
    m.start_date,
    m.kpi_name,
    m.unit,
    m.direction,
    m.financial,
    m.problem,
    m.values_in_window,
    m.stale_after_days
FROM measured AS m
CROSS JOIN params
