-- title: Delivery mappings
-- description: Which initiative each epic in the delivery extract belongs to, and the mapping key that placed it there.
-- hidden: true
WITH params AS (
    SELECT getvariable('mapping_match') AS match
),
keys AS (
    -- Matched like finance_map: prefix rules end in *, normalized by default.
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
    WHERE m.system = 'delivery' AND m.key IS NOT NULL
),
epics AS (
    -- distinct first: the ledger has millions of lines but few codes, and
    -- each code is normalized once
    SELECT
        i.epic_key,
        CASE WHEN params.match = 'exact' THEN i.epic_key
            ELSE lower(regexp_replace(trim(i.epic_key), '\s+', ' ', 'g'))
        END AS norm
    FROM (SELECT DISTINCT epic_key FROM issues WHERE epic_key IS NOT NULL) AS i
    CROSS JOIN params
),
matched AS (
    SELECT e.epic_key, k.key, k.initiative_id, false AS is_prefix, length(k.norm) AS len
    FROM epics AS e
    JOIN keys AS k ON NOT k.is_prefix AND k.norm = e.norm
    UNION ALL
    SELECT e.epic_key, k.key, k.initiative_id, true, length(k.norm)
    FROM epics AS e
    JOIN keys AS k ON k.is_prefix AND starts_with(e.norm, k.norm)
)
SELECT
    epic_key,
    initiative_id,
    key AS mapping_key
FROM matched
QUALIFY row_number() OVER (PARTITION BY epic_key ORDER BY is_prefix, len DESC, initiative_id, key) = 1
