-- title: Retirement mappings
-- description: Which initiative promised to retire each legacy project code in the ledger, and by when.
-- hidden: true
SELECT code AS project_code, initiative_id, retire_by, mapping_key
FROM mapping_matches
WHERE system = 'retires'
