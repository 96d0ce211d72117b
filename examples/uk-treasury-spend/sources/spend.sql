-- HM Treasury "spend over £25,000" transparency releases, April 2010 to
-- March 2025, as published (one file, the monthly releases concatenated).
-- Nothing is changed but the column names:
--   expense_area (the programme, e.g. "Project OSCAR (inc DPI)") is the code
--   initiatives are mapped by; entity the cost centre; expense_type the GL
--   account; transaction_number the id that republished lines repeat.
-- Dates are ISO already; 29 payments have none and are counted as undated.
SELECT
    "date" AS posting_date,
    amount_gbp AS amount,
    expense_area AS project_code,
    entity AS cost_center,
    expense_type AS gl_account,
    supplier AS vendor,
    description,
    transaction_number AS transaction_id
FROM read_csv('uk_hmt_spend_over_25k_2010_2025.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {
        'department_family': 'VARCHAR', 'entity': 'VARCHAR', 'date': 'VARCHAR',
        'expense_type': 'VARCHAR', 'expense_area': 'VARCHAR', 'supplier': 'VARCHAR',
        'transaction_number': 'VARCHAR', 'amount_gbp': 'VARCHAR', 'description': 'VARCHAR',
        'source_file': 'VARCHAR'
    })
-- The October 2010 release repeats its header row inside the data (line
-- 325 of the file, "Department Family,Entity,,..."): it is not a payment.
WHERE department_family IS DISTINCT FROM 'Department Family'
