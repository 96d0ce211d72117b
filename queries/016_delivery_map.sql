-- title: Delivery mappings
-- description: Which initiative each epic in the delivery extract belongs to, and the mapping key that placed it there.
-- hidden: true
SELECT code AS epic_key, initiative_id, mapping_key
FROM mapping_matches
WHERE system = 'delivery'
