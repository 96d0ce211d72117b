-- title: Delivery mappings
-- description: Which initiative each delivery epic belongs to.
-- hidden: true
SELECT
    -- One row per epic key that maps to a known initiative; see finance_map.
    m.key AS epic_key,
    min(m.initiative_id) AS initiative_id
FROM mappings AS m
JOIN initiatives AS i ON i.initiative_id = m.initiative_id
WHERE m.system = 'delivery' AND m.key IS NOT NULL
GROUP BY m.key
