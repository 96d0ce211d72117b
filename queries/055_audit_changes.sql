-- title: Changes since the last audit
-- description: Initiatives whose review flag, escalation, outcome or funding hold changed since the previous audit, with the value then and now.
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
changes AS (
    SELECT initiative_id, name, 'review_flag' AS field, review_flag_before AS before, review_flag_after AS after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'escalation', escalation_before, escalation_after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'outcome', outcome_before, outcome_after FROM pairs
    UNION ALL
    SELECT initiative_id, name, 'funding_hold', funding_hold_before, funding_hold_after FROM pairs
)
SELECT initiative_id, name, field, before, after
FROM changes
WHERE before IS DISTINCT FROM after
ORDER BY initiative_id, field
