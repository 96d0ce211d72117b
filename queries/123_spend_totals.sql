-- title: Spend totals
-- description: The ledger's lines and amounts counted once for the reconciliation (and through it the headline and the audits): the file, the republished duplicates, and the counted lines split into undated, after the as-of date, mapped, unmapped and balance-sheet linked.
-- hidden: true
WITH a AS (
    SELECT as_of FROM audit_points WHERE point = 'current'
),
file AS (
    SELECT count(*) AS file_n, coalesce(sum(amount), 0) AS file_amt,
        count(line_count) AS aggregated_rows, coalesce(sum(line_count), 0) AS ledger_lines
    FROM spend
),
dup AS (
    SELECT count(*) AS dup_n, coalesce(sum(amount), 0) AS dup_amt FROM spend_duplicates
),
linked AS (
    SELECT initiative_id FROM initiative_eval WHERE point = 'current' AND has_balance_sheet_link
),
parts AS (
    -- One scan of the counted lines: each is in exactly one of undated,
    -- after_as_of, mapped, unmapped; dated_to_as_of is computed on its own,
    -- so the reconciliation checks both identities rather than assuming them.
    SELECT
        count(*) AS counted_n,
        coalesce(sum(s.amount), 0) AS counted_amt,
        count(*) FILTER (WHERE s.posting_date IS NULL) AS undated_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date IS NULL), 0) AS undated_amt,
        count(*) FILTER (WHERE s.posting_date > a.as_of) AS after_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date > a.as_of), 0) AS after_amt,
        count(*) FILTER (WHERE s.posting_date <= a.as_of) AS dated_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date <= a.as_of), 0) AS dated_amt,
        count(*) FILTER (WHERE s.posting_date <= a.as_of AND s.initiative_id IS NOT NULL) AS mapped_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date <= a.as_of AND s.initiative_id IS NOT NULL), 0) AS mapped_amt,
        count(DISTINCT s.initiative_id) FILTER (WHERE s.posting_date <= a.as_of) AS mapped_initiatives,
        count(*) FILTER (WHERE s.posting_date <= a.as_of AND s.initiative_id IS NULL) AS unmapped_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date <= a.as_of AND s.initiative_id IS NULL), 0) AS unmapped_amt,
        count(DISTINCT coalesce(s.project_code, '')) FILTER (WHERE s.posting_date <= a.as_of AND s.initiative_id IS NULL)
            AS unmapped_codes,
        count(*) FILTER (WHERE s.posting_date <= a.as_of AND l.initiative_id IS NOT NULL) AS balance_sheet_n,
        coalesce(sum(s.amount) FILTER (WHERE s.posting_date <= a.as_of AND l.initiative_id IS NOT NULL), 0)
            AS balance_sheet_amt
    FROM spend_lines AS s
    CROSS JOIN a
    LEFT JOIN linked AS l ON l.initiative_id = s.initiative_id
)
SELECT * FROM file CROSS JOIN dup CROSS JOIN parts
