-- IT Dashboard contracts matched to USAspending (2012 feed): one line per
-- contract transaction. Obligations are in $M (some as 1.5E-4) and become
-- exact dollars; dates are mm/dd/yyyy. Contracts without a USAspending
-- match have no obligated amount and no date: they are not spend.
SELECT
    strftime(strptime(start_date, '%m/%d/%Y'), '%Y-%m-%d') AS posting_date,
    CAST(CAST(amount_m AS DECIMAL(38, 10)) * 1000000 AS DECIMAL(18, 2)) AS amount,
    uii AS project_code,
    agency_name AS cost_center,
    contract_type AS gl_account,
    vendor,
    description,
    contract_id || '/' || coalesce(transaction_number, '') AS transaction_id
FROM read_csv('itdashboard_contracts_2012.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {
        'uii': 'VARCHAR', 'business_case_id': 'VARCHAR', 'agency_code': 'VARCHAR', 'agency_name': 'VARCHAR',
        'investment_title': 'VARCHAR', 'contract_id': 'VARCHAR', 'agency_contract_id': 'VARCHAR',
        'contract_status': 'VARCHAR', 'contracting_agency_id': 'VARCHAR', 'piid': 'VARCHAR',
        'idv_piid': 'VARCHAR', 'idv_agency_id': 'VARCHAR', 'matched': 'VARCHAR', 'vendor': 'VARCHAR',
        'solicitation_id': 'VARCHAR', 'amount_m': 'VARCHAR', 'contract_type': 'VARCHAR',
        'performance_based': 'VARCHAR', 'start_date': 'VARCHAR', 'end_date': 'VARCHAR',
        'compete': 'VARCHAR', 'description': 'VARCHAR', 'base_contract_id': 'VARCHAR',
        'identifying_agency_id': 'VARCHAR', 'transaction_number': 'VARCHAR',
        'timestamp_contract': 'VARCHAR', 'timestamp_base_contract': 'VARCHAR'
    })
WHERE trim(amount_m) <> ''
