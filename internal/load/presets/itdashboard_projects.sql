-- Preset: the US Federal IT Dashboard "Projects" feed (FY2014 site, data to
-- 2012), one row per project, every column under a short name. Dates are
-- ISO timestamps at midnight UTC; money is $M with up to 6 decimals (some
-- written 6.96E-4), turned into dollars exactly. A value that does not
-- parse is passed on as it is, so validation names it.
CREATE MACRO itdashboard_projects(path) AS TABLE
SELECT
    trim(uii) AS uii,
    trim(agency_name) AS agency_name,
    trim(investment_title) AS investment_title,
    trim(project_id) AS project_id,
    trim(project_name) AS project_name,
    coalesce(strftime(try_strptime(trim(start_date), '%Y-%m-%dT%H:%M:%SZ'), '%Y-%m-%d'), start_date) AS start_date,
    coalesce(strftime(try_strptime(trim(completion_b1), '%Y-%m-%dT%H:%M:%SZ'), '%Y-%m-%d'), completion_b1) AS completion_b1,
    coalesce(strftime(try_strptime(trim(planned_completion_b2), '%Y-%m-%dT%H:%M:%SZ'), '%Y-%m-%d'), planned_completion_b2) AS planned_completion_b2,
    coalesce(strftime(try_strptime(trim(projected_actual_completion_b2), '%Y-%m-%dT%H:%M:%SZ'), '%Y-%m-%d'), projected_actual_completion_b2) AS projected_actual_completion_b2,
    coalesce(strftime(try_strptime(trim(updated), '%Y-%m-%dT%H:%M:%SZ'), '%Y-%m-%d'), updated) AS updated,
    coalesce(CAST(CAST(TRY_CAST(trim(planned_cost_m) AS DECIMAL(38, 10)) * 1000000 AS DECIMAL(18, 2)) AS VARCHAR), planned_cost_m) AS planned_cost,
    coalesce(CAST(CAST(TRY_CAST(trim(projected_actual_cost_m) AS DECIMAL(38, 10)) * 1000000 AS DECIMAL(18, 2)) AS VARCHAR), projected_actual_cost_m) AS projected_actual_cost,
    coalesce(CAST(CAST(TRY_CAST(trim(lifecycle_cost_m) AS DECIMAL(38, 10)) * 1000000 AS DECIMAL(18, 2)) AS VARCHAR), lifecycle_cost_m) AS lifecycle_cost
FROM read_csv(path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {
        'uii': 'VARCHAR', 'investment_url': 'VARCHAR', 'agency_code': 'VARCHAR', 'agency_name': 'VARCHAR',
        'investment_title': 'VARCHAR', 'project_id': 'VARCHAR', 'project_name': 'VARCHAR',
        'project_description': 'VARCHAR', 'start_date': 'VARCHAR', 'completion_b1': 'VARCHAR',
        'planned_completion_b2': 'VARCHAR', 'projected_actual_completion_b2': 'VARCHAR',
        'lifecycle_cost_m': 'VARCHAR', 'schedule_variance_days': 'VARCHAR', 'schedule_variance_pct': 'VARCHAR',
        'cost_variance_m': 'VARCHAR', 'cost_variance_pct': 'VARCHAR', 'planned_cost_m': 'VARCHAR',
        'projected_actual_cost_m': 'VARCHAR', 'updated': 'VARCHAR'
    });
