-- title: Finance mappings
-- description: Which initiative each project code in the ledger belongs to, and the mapping key that placed it there.
-- hidden: true
WITH params AS (
    SELECT getvariable('mapping_match') AS match
),
keys AS (
    -- A key ending in * is a prefix rule. Under the default "normalized"
    -- matching, keys and codes are compared trimmed, with inner whitespace
    -- collapsed and case ignored; "exact" compares them as written.
    SELECT
        m.key,
        m.initiative_id,
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
    WHERE m.system = 'finance' AND m.key IS NOT NULL
),
codes AS (
    -- distinct first: the ledger has millions of lines but few codes, and
    -- each code is normalized once
    SELECT
        s.project_code,
        CASE WHEN params.match = 'exact' THEN s.project_code
            ELSE lower(regexp_replace(trim(s.project_code), '\s+', ' ', 'g'))
        END AS norm
    FROM (SELECT DISTINCT project_code FROM spend WHERE project_code IS NOT NULL) AS s
    CROSS JOIN params
),
matched AS (
    SELECT c.project_code, k.key, k.initiative_id, false AS is_prefix, length(k.norm) AS len
    FROM codes AS c
    JOIN keys AS k ON NOT k.is_prefix AND k.norm = c.norm
    UNION ALL
    SELECT c.project_code, k.key, k.initiative_id, true, length(k.norm)
    FROM codes AS c
    JOIN keys AS k ON k.is_prefix AND starts_with(c.norm, k.norm)
)
SELECT
    -- An exact key beats a prefix, the longest prefix beats a shorter one; a
    -- key mapped to several initiatives goes to the first by id (so spend is
    -- never counted twice) and is reported by check_ambiguous_mappings.
    project_code,
    initiative_id,
    key AS mapping_key
FROM matched
QUALIFY row_number() OVER (PARTITION BY project_code ORDER BY is_prefix, len DESC, initiative_id, key) = 1
