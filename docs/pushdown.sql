-- Throughline pushdown: pre-aggregate a ledger too large for one machine in the
-- warehouse that already holds it, and load the result as spend.csv (or
-- spend.parquet). Plain ANSI SQL: runs unchanged on Spark SQL, Trino, BigQuery,
-- Snowflake and DuckDB.
--
-- The rules need spend only per project code and day, so one row per
-- (posting_date, project_code) gives the same initiative figures as the full
-- ledger. Republished duplicates are removed here by the same rule the loader
-- applies (same transaction_id and every other column), because aggregation
-- would hide them; undated lines stay, as their own rows with an empty date.
-- line_count tells Throughline how many ledger lines each row stands for, and
-- the reconciliation says it received pre-aggregated spend.
--
-- Replace `ledger` with your table; map its columns to the contract's names in
-- the first CTE. Spark SQL: write the result with
--   df.write.option("header", true).csv(...)   (or .parquet(...))
-- Trino: CREATE TABLE spend_agg WITH (format = 'PARQUET') AS <this query>.
WITH source_lines AS (
    SELECT
        transaction_id,
        posting_date,
        CAST(amount AS DECIMAL(18, 2)) AS amount,
        project_code,
        cost_center,
        gl_account,
        vendor,
        description
    FROM ledger
),
counted AS (
    SELECT DISTINCT transaction_id, posting_date, amount, project_code, cost_center, gl_account, vendor, description
    FROM source_lines
    WHERE transaction_id IS NOT NULL
    UNION ALL
    SELECT transaction_id, posting_date, amount, project_code, cost_center, gl_account, vendor, description
    FROM source_lines
    WHERE transaction_id IS NULL
)
SELECT
    posting_date,
    CAST(SUM(amount) AS DECIMAL(18, 2)) AS amount,
    project_code,
    COUNT(*) AS line_count
FROM counted
GROUP BY posting_date, project_code
ORDER BY posting_date, project_code
