-- title: Undated spend
-- description: Spend lines without a posting date, by project code: they are counted in the reconciliation but in no dated rule (spend to date, periods, funding gate), until the ledger dates them.
-- kind: check
-- severity: warning
SELECT
    project_code,
    initiative_id,
    count(*)::INTEGER AS lines,
    sum(amount) AS amount
FROM spend_lines
WHERE posting_date IS NULL
GROUP BY project_code, initiative_id
ORDER BY project_code NULLS FIRST, initiative_id NULLS FIRST
