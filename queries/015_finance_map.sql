-- title: Finance mappings
-- description: Which initiative each finance project code belongs to.
-- hidden: true
SELECT
    -- One row per project code that maps to a known initiative. A code mapped to
    -- several initiatives goes to the first by id (so spend is never counted
    -- twice) and is reported by check_ambiguous_mappings.
    m.key AS project_code,
    min(m.initiative_id) AS initiative_id
FROM mappings AS m
JOIN initiatives AS i ON i.initiative_id = m.initiative_id
WHERE m.system = 'finance' AND m.key IS NOT NULL
GROUP BY m.key
