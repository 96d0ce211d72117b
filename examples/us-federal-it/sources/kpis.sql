-- OMB's Data Center Optimization Initiative: per agency, data centres
-- closed (quarterly) and savings achieved ($M, per fiscal year).
SELECT DISTINCT
    agency || '-DC-CLOSED' AS kpi_id,
    agency || ': data centres closed' AS name,
    'data centres' AS unit,
    'increase' AS direction,
    'none' AS statement
FROM read_csv('dcoi_datacenter_kpis_2016_2020.csv', all_varchar = true)
WHERE section = 'datacenters' AND metric = 'closed'
UNION ALL
SELECT DISTINCT
    agency || '-DC-SAVINGS',
    agency || ': data centre savings achieved',
    'USD m',
    'increase',
    'pnl'
FROM read_csv('dcoi_datacenter_kpis_2016_2020.csv', all_varchar = true)
WHERE section = 'plan' AND metric = 'savings' AND dimension = 'Achieved'
ORDER BY 1
