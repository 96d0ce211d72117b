-- Preset: the IT Dashboard projects feed rolled up to investments, one
-- initiative per Unique Investment Identifier: named after the investment,
-- in its agency's portfolio, from its first project's start to its last
-- project's planned completion (B2, else B1), with the projects' planned
-- cost as its approved budget.
CREATE MACRO itdashboard_initiatives(path) AS TABLE
SELECT
    uii AS initiative_id,
    min(investment_title) AS name,
    min(agency_name) AS portfolio,
    CAST(NULL AS VARCHAR) AS owner,
    'active' AS status,
    min(start_date) AS start_date,
    max(coalesce(planned_completion_b2, completion_b1)) AS end_date,
    CAST(sum(TRY_CAST(planned_cost AS DECIMAL(18, 2))) AS VARCHAR) AS approved_budget
FROM itdashboard_projects(path)
GROUP BY uii
ORDER BY uii;
