-- title: Republished spend lines
-- description: Ledger lines that repeat an earlier line exactly: the same transaction_id and the same date, amount, project code, cost centre, GL account, vendor and description.
-- hidden: true
SELECT
    -- A transaction republished in a later monthly release is one payment:
    -- the first line (by file line) counts, the repeats are excluded. The
    -- same transaction with any other column different is a legitimate split
    -- and stays; lines without a transaction_id are never merged.
    source_line,
    first_line AS duplicate_of_line,
    transaction_id,
    posting_date,
    amount,
    project_code
FROM (
    SELECT
        s.*,
        min(s.source_line) OVER (PARTITION BY s.transaction_id, s.posting_date, s.amount, s.project_code,
            s.cost_center, s.gl_account, s.vendor, s.description) AS first_line
    FROM spend AS s
    -- only a transaction_id seen more than once can repeat: the window runs
    -- over those few lines, not the whole ledger
    WHERE s.transaction_id IN (
        SELECT transaction_id FROM spend WHERE transaction_id IS NOT NULL
        GROUP BY transaction_id HAVING count(*) > 1
    )
)
WHERE source_line <> first_line
