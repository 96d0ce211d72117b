-- title: Portfolios
-- description: For each portfolio: how many initiatives, their approved budget, what they have cost so far, and how many need the board's attention.
-- chart: bar x=portfolio y=approved_budget,actual_cost
-- sheet: Portfolios
SELECT
    portfolio,
    count(*)::INTEGER AS initiatives,
    sum(approved_budget) AS approved_budget,
    sum(actual_cost) AS actual_cost,
    count(*) FILTER (WHERE review_flag)::INTEGER AS flagged
FROM initiative_status
GROUP BY portfolio
ORDER BY portfolio NULLS LAST
