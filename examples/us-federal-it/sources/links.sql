-- ILLUSTRATIVE links, written by this example (the feeds do not link
-- investments to outcomes): each investment whose title names data centres
-- or consolidation is linked to its agency's DCOI closures KPI, with the
-- agency's first reported count as baseline and its planned closures for
-- FY2016-FY2020 on top of it as target, due at the end of FY2020.
WITH agencies(agency_name, agency) AS (VALUES
    ('Department of Agriculture', 'USDA'), ('Department of Commerce', 'Commerce'),
    ('Department of Defense', 'DOD'), ('Department of Education', 'ED'),
    ('Department of Energy', 'Energy'), ('Department of Health and Human Services', 'HHS'),
    ('Department of Homeland Security', 'DHS'), ('Department of Housing and Urban Development', 'HUD'),
    ('Department of the Interior', 'Interior'), ('Department of Justice', 'Justice'),
    ('Department of Labor', 'Labor'), ('Department of State', 'State'),
    ('Department of Transportation', 'DOT'), ('Department of the Treasury', 'Treasury'),
    ('Department of Veterans Affairs', 'VA'), ('Environmental Protection Agency', 'EPA'),
    ('General Services Administration', 'GSA'), ('National Aeronautics and Space Administration', 'NASA'),
    ('National Science Foundation', 'NSF'), ('Nuclear Regulatory Commission', 'NRC'),
    ('Office of Personnel Management', 'OPM'), ('Small Business Administration', 'SBA'),
    ('Social Security Administration', 'SSA'), ('U.S. Agency for International Development', 'USAID')
),
dcoi AS (
    SELECT * FROM read_csv('dcoi_datacenter_kpis_2016_2020.csv', all_varchar = true)
),
baseline AS (
    SELECT agency, arg_min(n, period) AS baseline, min(period) AS first_period
    FROM (
        SELECT agency, period, sum(CAST(value AS DOUBLE)) AS n FROM dcoi
        WHERE section = 'datacenters' AND metric = 'closed' AND dimension IN ('tiered', 'nontiered')
        GROUP BY ALL
    )
    GROUP BY agency
),
planned AS (
    SELECT agency, sum(CAST(value AS DOUBLE)) AS closures FROM dcoi
    WHERE section = 'plan' AND metric = 'closures' AND dimension = 'Planned'
    GROUP BY agency
)
SELECT DISTINCT
    i.initiative_id,
    a.agency || '-DC-CLOSED' AS kpi_id,
    b.baseline,
    b.baseline + coalesce(p.closures, 0) + 1 AS target,
    '2020-09-30' AS due_date
FROM itdashboard_initiatives('itdashboard_projects_2012.csv') AS i
JOIN agencies AS a ON a.agency_name = i.portfolio
JOIN baseline AS b ON b.agency = a.agency
LEFT JOIN planned AS p ON p.agency = a.agency
WHERE regexp_matches(i.name, '(?i)data cent|consolidat')
ORDER BY 1, 2
