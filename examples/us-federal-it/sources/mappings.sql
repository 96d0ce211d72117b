-- Contracts carry their investment's UII, which is the initiative id.
SELECT DISTINCT 'finance' AS system, initiative_id AS key, initiative_id
FROM itdashboard_initiatives('itdashboard_projects_2012.csv')
