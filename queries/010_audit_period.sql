-- title: Audit period
-- description: The as-of date of this audit, the audit period that holds it, and the date of the previous audit.
SELECT
    c.as_of,
    c.period_index,
    c.period_start,
    c.period_end,
    p.as_of AS previous_as_of
FROM audit_points AS c
JOIN audit_points AS p ON p.point = 'previous'
WHERE c.point = 'current'
