-- Investments (Unique Investment Identifier) from the IT Dashboard projects
-- feed, through the itdashboard_initiatives preset (projects rolled up).
-- Two investments' projects all end on the day they start or before it;
-- their end date is moved to the day after their start, so they load, and
-- say so in the owner column.
SELECT
    initiative_id,
    name,
    portfolio,
    CASE WHEN end_date <= start_date THEN 'feed: end not after start' END AS owner,
    status,
    start_date,
    CASE WHEN end_date <= start_date
        THEN strftime(CAST(start_date AS DATE) + 1, '%Y-%m-%d') ELSE end_date END AS end_date,
    approved_budget
FROM itdashboard_initiatives('itdashboard_projects_2012.csv')
