-- Adapter: US Federal IT Dashboard "Projects" feed (FY2014 site, data to 2012)
-- onto the Throughline contract. Each project becomes one initiative with one
-- milestone. Costs are published in $M with up to 6 decimals (some written as
-- 6.96E-4); converted to dollars they fit DECIMAL(18,2) exactly. Dates are
-- ISO timestamps at midnight UTC. {{CSV}} is replaced by the test.
CREATE TABLE itd AS
SELECT * FROM read_csv('{{CSV}}',
    header = true, auto_detect = false, delim = ',', quote = '"',
    timestampformat = '%Y-%m-%dT%H:%M:%SZ',
    columns = {
        'uii': 'VARCHAR',
        'investment_url': 'VARCHAR',
        'agency_code': 'VARCHAR',
        'agency_name': 'VARCHAR',
        'investment_title': 'VARCHAR',
        'project_id': 'VARCHAR',
        'project_name': 'VARCHAR',
        'project_description': 'VARCHAR',
        'start_date': 'TIMESTAMP',
        'completion_b1': 'TIMESTAMP',
        'planned_completion_b2': 'TIMESTAMP',
        'projected_actual_completion_b2': 'TIMESTAMP',
        'lifecycle_cost_m': 'DECIMAL(38,10)',
        'schedule_variance_days': 'INTEGER',
        'schedule_variance_pct': 'DOUBLE',
        'cost_variance_m': 'DECIMAL(38,10)',
        'cost_variance_pct': 'DECIMAL(18,2)',
        'planned_cost_m': 'DECIMAL(38,10)',
        'projected_actual_cost_m': 'DECIMAL(38,10)',
        'updated': 'TIMESTAMP'
    });

INSERT INTO initiatives
SELECT project_id, project_name, agency_name, uii, 'active', start_date::DATE,
    planned_completion_b2::DATE, (planned_cost_m * 1000000)::DECIMAL(18,2), NULL
FROM itd;

-- The feed's "Projected/Actual" completion date is an actual date when it is
-- on or before the row's last update, and a forecast otherwise.
INSERT INTO milestones
SELECT
    project_id,
    project_name,
    start_date::DATE,
    planned_completion_b2::DATE,
    CASE WHEN projected_actual_completion_b2 > updated THEN projected_actual_completion_b2::DATE END,
    CASE WHEN projected_actual_completion_b2 <= updated THEN projected_actual_completion_b2::DATE END,
    (planned_cost_m * 1000000)::DECIMAL(18,2),
    (projected_actual_cost_m * 1000000)::DECIMAL(18,2)
FROM itd;
