-- title: Finance mappings
-- description: Which initiative each project code in the ledger belongs to, and the mapping key that placed it there.
-- hidden: true
SELECT code AS project_code, initiative_id, mapping_key
FROM mapping_matches
WHERE system = 'finance'
