-- title: Retirement mappings
-- description: Which initiative promised to retire each legacy project code in the ledger, and by when.
-- hidden: true
WITH params AS (
    SELECT getvariable('mapping_match') AS match
),
keys AS (
    -- Matched like finance_map: prefix rules end in *, normalized by default.
    -- A row without retire_by holds the initiative to its own end date.
    SELECT
        m.key,
        m.initiative_id,
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
    WHERE m.system = 'retires' AND m.key IS NOT NULL
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
    SELECT c.project_code, k.key, k.initiative_id, k.retire_by, false AS is_prefix, length(k.norm) AS len
    FROM codes AS c
    JOIN keys AS k ON NOT k.is_prefix AND k.norm = c.norm
    UNION ALL
    SELECT c.project_code, k.key, k.initiative_id, k.retire_by, true, length(k.norm)
    FROM codes AS c
    JOIN keys AS k ON k.is_prefix AND starts_with(c.norm, k.norm)
)
SELECT
    -- As in finance_map: an exact key beats a prefix, the longest prefix a
    -- shorter one, and a code claimed twice goes to the first initiative by id.
    project_code,
    initiative_id,
    retire_by,
    key AS mapping_key
FROM matched
QUALIFY row_number() OVER (PARTITION BY project_code ORDER BY is_prefix, len DESC, initiative_id, key) = 1
