-- title: Ambiguous or dangling mappings
-- description: Project codes or epics mapped to more than one initiative, or to an initiative that does not exist; their spend or work is counted once, for the first initiative listed, or not at all.
-- kind: check
-- severity: warning
WITH keyed AS (
    SELECT
        m.system,
        m.key,
        string_agg(DISTINCT m.initiative_id, ', ' ORDER BY m.initiative_id) AS initiatives,
        count(DISTINCT m.initiative_id) AS n,
        string_agg(DISTINCT m.initiative_id, ', ' ORDER BY m.initiative_id)
            FILTER (WHERE i.initiative_id IS NULL) AS unknown
    FROM mappings AS m
    LEFT JOIN initiatives AS i ON i.initiative_id = m.initiative_id
    GROUP BY m.system, m.key
)
SELECT
    system,
    key,
    concat_ws('; ',
        CASE WHEN n > 1 THEN 'mapped to ' || n || ' initiatives (' || initiatives || ')' END,
        CASE WHEN unknown IS NOT NULL THEN 'mapped to unknown initiative ' || unknown END
    ) AS problem
FROM keyed
WHERE n > 1 OR unknown IS NOT NULL
ORDER BY system, key NULLS FIRST
