-- title: Unmapped spend
-- description: Spend up to the as-of date whose project code matches no mapping key, by project code, with the nearest mapped key when one is within two edits (a likely misspelling to fix at the source); it is counted in the totals but cannot be judged.
-- kind: check
-- severity: warning
WITH params AS (
    SELECT getvariable('mapping_match') AS match
),
unmapped AS (
    SELECT
        s.project_code,
        count(*)::INTEGER AS lines,
        sum(s.amount) AS amount
    FROM spend_lines AS s
    JOIN audit_points AS a ON a.point = 'current'
    WHERE s.initiative_id IS NULL AND s.posting_date <= a.as_of
    GROUP BY s.project_code
),
keys AS (
    SELECT DISTINCT m.key
    FROM mappings AS m
    JOIN initiatives AS i ON i.initiative_id = m.initiative_id
    WHERE m.system = 'finance' AND m.key IS NOT NULL AND right(m.key, 1) <> '*'
),
nearest AS (
    SELECT u.project_code, k.key
    FROM unmapped AS u
    CROSS JOIN params
    CROSS JOIN LATERAL (
        SELECT CASE WHEN params.match = 'exact' THEN u.project_code
            ELSE lower(regexp_replace(trim(u.project_code), '\s+', ' ', 'g')) END AS code
    ) AS c
    JOIN keys AS k ON u.project_code IS NOT NULL
    CROSS JOIN LATERAL (
        SELECT levenshtein(c.code, CASE WHEN params.match = 'exact' THEN k.key
            ELSE lower(regexp_replace(trim(k.key), '\s+', ' ', 'g')) END) AS edits
    ) AS d
    -- two edits on a long code, fewer on a short one (PC-X is not PC-DC)
    WHERE d.edits <= least(2, length(c.code) // 4)
    QUALIFY row_number() OVER (PARTITION BY u.project_code ORDER BY d.edits, k.key) = 1
)
SELECT
    u.project_code,
    u.lines,
    u.amount,
    n.key AS nearest_mapped_key
FROM unmapped AS u
LEFT JOIN nearest AS n ON n.project_code = u.project_code
ORDER BY u.project_code NULLS FIRST
