-- Preset: the IT Dashboard projects feed as milestones, one per project, on
-- the initiative of its investment (see itdashboard_initiatives). The feed's
-- "Projected/Actual" completion is an actual date when it is on or before
-- the row's last update, and a forecast otherwise.
CREATE MACRO itdashboard_milestones(path) AS TABLE
SELECT
    uii AS initiative_id,
    project_name || ' (' || project_id || ')' AS milestone,
    start_date,
    coalesce(planned_completion_b2, completion_b1) AS planned_end_date,
    CASE WHEN projected_actual_completion_b2 > updated THEN projected_actual_completion_b2 END AS forecast_end_date,
    CASE WHEN projected_actual_completion_b2 <= updated THEN projected_actual_completion_b2 END AS actual_end_date,
    planned_cost,
    projected_actual_cost AS forecast_cost
FROM itdashboard_projects(path);
