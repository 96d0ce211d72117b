-- title: Mapping matches
-- description: For each system, which mapping key each ledger project code (finance, retires) or delivery epic (delivery) meets, and so which initiative it belongs to.
-- hidden: true
WITH params AS (
    SELECT getvariable('mapping_match') AS match
),
codes AS (
    -- distinct first: the ledger has millions of lines but few codes, and
    -- each code is normalized once
    SELECT is_epic, code,
        CASE WHEN params.match = 'exact' THEN code
            ELSE lower(regexp_replace(trim(code), '\s+', ' ', 'g'))
        END AS norm
    FROM (
        SELECT DISTINCT false AS is_epic, project_code AS code FROM spend WHERE project_code IS NOT NULL
        UNION ALL
        SELECT DISTINCT true, epic_key FROM issues WHERE epic_key IS NOT NULL
    ) AS c
    CROSS JOIN params
),
keys AS (
    -- delivery keys meet epics; finance and retirement keys meet ledger codes
    SELECT k.*, k.system = 'delivery' AS is_epic
    FROM mapping_keys AS k
),
matched AS (
    SELECT k.system, c.code, k.key, k.initiative_id, k.retire_by, k.is_prefix, length(k.norm) AS len
    FROM codes AS c
    JOIN keys AS k ON k.is_epic = c.is_epic AND NOT k.is_prefix AND k.norm = c.norm
    UNION ALL
    SELECT k.system, c.code, k.key, k.initiative_id, k.retire_by, k.is_prefix, length(k.norm)
    FROM codes AS c
    JOIN keys AS k ON k.is_epic = c.is_epic AND k.is_prefix AND starts_with(c.norm, k.norm)
)
SELECT
    -- An exact key beats a prefix, the longest prefix beats a shorter one; a
    -- key mapped to several initiatives goes to the first by id (so spend is
    -- never counted twice) and is reported by check_ambiguous_mappings.
    system,
    code,
    initiative_id,
    retire_by,
    key AS mapping_key
FROM matched
QUALIFY row_number() OVER (PARTITION BY system, code ORDER BY is_prefix, len DESC, initiative_id, key) = 1
