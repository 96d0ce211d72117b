-- title: Republished spend lines excluded
-- description: Spend lines that repeat an earlier line's transaction_id with every other column the same (a transaction republished in a later release); each is excluded, and the line it repeats is counted once.
-- kind: check
-- severity: warning
SELECT
    source_line AS line,
    duplicate_of_line,
    transaction_id,
    posting_date,
    amount,
    project_code
FROM spend_duplicates
ORDER BY source_line
