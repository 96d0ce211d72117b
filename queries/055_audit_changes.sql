-- title: Changes since the last audit
-- description: Initiatives whose review flag, escalation, outcome or funding hold changed since the previous audit, and the plan itself re-baselined since the previous archived audit: link targets, baselines and due dates, approved budgets, milestone dates and costs that changed in the extracts.
WITH pairs AS (
    SELECT
        c.initiative_id,
        c.name,
        p.review_flag::VARCHAR AS review_flag_before, c.review_flag::VARCHAR AS review_flag_after,
        p.escalation AS escalation_before, c.escalation AS escalation_after,
        p.outcome AS outcome_before, c.outcome AS outcome_after,
        p.funding_hold::VARCHAR AS funding_hold_before, c.funding_hold::VARCHAR AS funding_hold_after
    FROM initiative_eval AS c
    JOIN initiative_eval AS p ON p.initiative_id = c.initiative_id AND p.point = 'previous'
    WHERE c.point = 'current'
),
verdicts AS (
    SELECT initiative_id, name, 'review_flag' AS field, review_flag_before AS before, review_flag_after AS after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'escalation', escalation_before, escalation_after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'outcome', outcome_before, outcome_after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'funding_hold', funding_hold_before, funding_hold_after FROM pairs
),
plan AS (
    -- The plan as the extracts state it now, against the previous archived
    -- audit's published figures (empty when there is none): re-baselining of
    -- the plan itself, which no verdict above would show.
    SELECT l.initiative_id, 'target' AS field, l.kpi_id AS item,
        regexp_replace(a.target::VARCHAR, '\.0$', '') AS before, regexp_replace(l.target::VARCHAR, '\.0$', '') AS after
    FROM links AS l JOIN archive_links AS a ON a.initiative_id = l.initiative_id AND a.kpi_id = l.kpi_id
    WHERE a.target IS DISTINCT FROM l.target
    UNION ALL
    SELECT l.initiative_id, 'baseline', l.kpi_id,
        regexp_replace(a.baseline::VARCHAR, '\.0$', ''), regexp_replace(l.baseline::VARCHAR, '\.0$', '')
    FROM links AS l JOIN archive_links AS a ON a.initiative_id = l.initiative_id AND a.kpi_id = l.kpi_id
    WHERE a.baseline IS DISTINCT FROM l.baseline
    UNION ALL
    SELECT l.initiative_id, 'due_date', l.kpi_id, a.due_date::VARCHAR, l.due_date::VARCHAR
    FROM links AS l JOIN archive_links AS a ON a.initiative_id = l.initiative_id AND a.kpi_id = l.kpi_id
    WHERE a.due_date IS DISTINCT FROM l.due_date
    UNION ALL
    SELECT i.initiative_id, 'approved_budget', NULL, a.approved_budget::VARCHAR, i.approved_budget::VARCHAR
    FROM initiatives AS i JOIN archive_budgets AS a ON a.initiative_id = i.initiative_id
    WHERE a.approved_budget IS DISTINCT FROM i.approved_budget
    UNION ALL
    SELECT m.initiative_id, 'milestone_end', m.milestone, a.planned_end_date::VARCHAR, m.planned_end_date::VARCHAR
    FROM milestones AS m JOIN archive_milestones AS a ON a.initiative_id = m.initiative_id AND a.milestone = m.milestone
    WHERE a.planned_end_date IS DISTINCT FROM m.planned_end_date
    UNION ALL
    SELECT m.initiative_id, 'milestone_cost', m.milestone, a.planned_cost::VARCHAR, m.planned_cost::VARCHAR
    FROM milestones AS m JOIN archive_milestones AS a ON a.initiative_id = m.initiative_id AND a.milestone = m.milestone
    WHERE a.planned_cost IS DISTINCT FROM m.planned_cost
),
words AS (
    SELECT initiative_id, field, item, before, after,
        -- target and baseline read as they are
        CASE field
            WHEN 'due_date' THEN 'due date'
            WHEN 'approved_budget' THEN 'approved budget'
            WHEN 'milestone_end' THEN 'planned end'
            WHEN 'milestone_cost' THEN 'planned cost'
            ELSE field
        END AS label
    FROM plan
)
SELECT initiative_id, name, field, NULL::VARCHAR AS item, before, after,
    field || ' changed from ' || coalesce(before, 'none') || ' to ' || coalesce(after, 'none') AS change
FROM verdicts
WHERE before IS DISTINCT FROM after
UNION ALL
SELECT w.initiative_id, i.name, w.field, w.item, w.before, w.after,
    coalesce(w.item || ' ', '') || w.label || ' moved from ' || coalesce(w.before, 'none') || ' to ' || coalesce(w.after, 'none')
FROM words AS w
JOIN initiatives AS i ON i.initiative_id = w.initiative_id
ORDER BY initiative_id, field, item NULLS FIRST
