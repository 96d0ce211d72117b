-- Closures: tiered plus non-tiered centres, dated at the quarter's end
-- ("2018 Q3" is 2018-09-30). Savings achieved: dated at the fiscal year's
-- end ("FY2018" is 2018-09-30).
SELECT
    agency || '-DC-CLOSED' AS kpi_id,
    strftime(make_date(CAST(left(period, 4) AS INTEGER), CAST(right(period, 1) AS INTEGER) * 3, 1)
        + INTERVAL 1 MONTH - INTERVAL 1 DAY, '%Y-%m-%d') AS date,
    sum(CAST(value AS DOUBLE)) AS value
FROM read_csv('dcoi_datacenter_kpis_2016_2020.csv', all_varchar = true)
WHERE section = 'datacenters' AND metric = 'closed' AND dimension IN ('tiered', 'nontiered')
GROUP BY ALL
UNION ALL
SELECT
    agency || '-DC-SAVINGS',
    right(period, 4) || '-09-30',
    sum(CAST(value AS DOUBLE))
FROM read_csv('dcoi_datacenter_kpis_2016_2020.csv', all_varchar = true)
WHERE section = 'plan' AND metric = 'savings' AND dimension = 'Achieved'
GROUP BY ALL
ORDER BY 1, 2
