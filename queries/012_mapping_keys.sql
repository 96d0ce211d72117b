-- title: Mapping keys
-- description: Every mapping key of a known initiative, as it is matched: a trailing * makes a prefix rule, and under the default "normalized" matching keys are trimmed, inner whitespace collapsed and case ignored.
-- hidden: true
WITH params AS (
    SELECT getvariable('mapping_match') AS match
)
SELECT
    m.system,
    m.key,
    m.initiative_id,
    -- a retirement without retire_by holds the initiative to its own end date
    coalesce(m.retire_by, i.end_date) AS retire_by,
    right(m.key, 1) = '*' AS is_prefix,
    CASE WHEN params.match = 'exact' THEN k.bare
        ELSE lower(regexp_replace(trim(k.bare), '\s+', ' ', 'g'))
    END AS norm
FROM mappings AS m
JOIN initiatives AS i ON i.initiative_id = m.initiative_id
CROSS JOIN params
CROSS JOIN LATERAL (
    SELECT CASE WHEN right(m.key, 1) = '*' THEN left(m.key, -1) ELSE m.key END AS bare
) AS k
WHERE m.key IS NOT NULL
