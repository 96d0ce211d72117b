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
grouped AS (
    -- One pass over the counted lines down to a row per initiative, project
    -- code and place (0 undated, 1 after the as-of date, 2 dated to it);
    -- every figure below is read from these few rows.
    SELECT
        s.initiative_id,
        s.project_code,
        CASE WHEN s.posting_date IS NULL THEN 0 WHEN s.posting_date > a.as_of THEN 1 ELSE 2 END AS place,
        count(*) AS n,
        sum(s.amount) AS amt
    FROM spend_lines AS s
    CROSS JOIN a
    GROUP BY ALL
),
parts AS (
    -- Each counted line is in exactly one of undated, after_as_of, mapped,
    -- unmapped; dated_to_as_of is computed on its own, so the reconciliation
    -- checks both identities rather than assuming them.
    SELECT
        coalesce(sum(g.n), 0)::BIGINT AS counted_n,
        coalesce(sum(g.amt), 0) AS counted_amt,
        coalesce(sum(g.n) FILTER (WHERE g.place = 0), 0)::BIGINT AS undated_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 0), 0) AS undated_amt,
        coalesce(sum(g.n) FILTER (WHERE g.place = 1), 0)::BIGINT AS after_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 1), 0) AS after_amt,
        coalesce(sum(g.n) FILTER (WHERE g.place = 2), 0)::BIGINT AS dated_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 2), 0) AS dated_amt,
        coalesce(sum(g.n) FILTER (WHERE g.place = 2 AND g.initiative_id IS NOT NULL), 0)::BIGINT AS mapped_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 2 AND g.initiative_id IS NOT NULL), 0) AS mapped_amt,
        count(DISTINCT g.initiative_id) FILTER (WHERE g.place = 2) AS mapped_initiatives,
        coalesce(sum(g.n) FILTER (WHERE g.place = 2 AND g.initiative_id IS NULL), 0)::BIGINT AS unmapped_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 2 AND g.initiative_id IS NULL), 0) AS unmapped_amt,
        count(DISTINCT coalesce(g.project_code, '')) FILTER (WHERE g.place = 2 AND g.initiative_id IS NULL)
            AS unmapped_codes,
        coalesce(sum(g.n) FILTER (WHERE g.place = 2 AND l.initiative_id IS NOT NULL), 0)::BIGINT AS balance_sheet_n,
        coalesce(sum(g.amt) FILTER (WHERE g.place = 2 AND l.initiative_id IS NOT NULL), 0) AS balance_sheet_amt
    FROM grouped AS g
    LEFT JOIN linked AS l ON l.initiative_id = g.initiative_id
)
SELECT * FROM file CROSS JOIN dup CROSS JOIN parts
