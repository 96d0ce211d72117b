-- title: Review flags
-- description: Initiatives the board should look at, biggest money first: outcome going backwards or overdue, delivery on plan while the outcome does not arrive, spend over budget, a green status report against red evidence, a run of red reports, or legacy systems still costing money after their retire-by date; with who should act and why.
WITH kpis_by_status AS (
    SELECT
        initiative_id,
        status,
        string_agg(coalesce(kpi_name, kpi_id), ', ' ORDER BY coalesce(kpi_name, kpi_id), kpi_id) AS kpi_names
    FROM link_status
    WHERE status IN ('regressing', 'overdue', 'behind')
    GROUP BY initiative_id, status
),
reasons AS (
    SELECT
        s.*,
        concat_ws('; ',
            CASE s.outcome
                WHEN 'regressing' THEN 'Outcome regressing: ' || k.kpi_names || ' moved away from target'
                WHEN 'overdue' THEN 'Outcome overdue: ' || k.kpi_names || ' past due date without reaching target'
                WHEN 'behind' THEN 'Outcome behind: ' || k.kpi_names || ' behind schedule'
            END,
            CASE WHEN s.divergence THEN
                'delivery velocity ' || format('{:.2f}', round(s.velocity_ratio, 2))
                || 'x plan while outcome not arriving'
            END,
            CASE WHEN s.overrun THEN
                'over budget by ' || format('{:,}', round(s.actual_cost - s.approved_budget, 0)::BIGINT)
            END,
            CASE WHEN e.watermelon THEN
                'status report rated ' || replace(e.report_rating, '_', '/')
                || ' while the evidence is red (watermelon)'
            END,
            CASE WHEN e.persistent_red THEN
                'persistent red: rated red or amber/red in ' || e.consecutive_red || ' reports running'
            END,
            CASE WHEN e.legacy_not_retired THEN
                'legacy not decommissioned: ' || e.legacy_months_overdue
                || CASE WHEN e.legacy_months_overdue = 1 THEN ' month, ' ELSE ' months, ' END
                || format('{:,}', round(e.dual_running_cost, 0)::BIGINT) || ' of dual-running cost'
            END
        ) AS reason_text
    FROM initiative_status AS s
    JOIN initiative_eval AS e ON e.initiative_id = s.initiative_id AND e.point = 'current'
    LEFT JOIN kpis_by_status AS k ON k.initiative_id = s.initiative_id AND k.status = s.outcome
    WHERE s.review_flag
)
SELECT
    initiative_id,
    name,
    portfolio,
    owner,
    outcome,
    divergence,
    overrun,
    budget_status,
    milestone_variance_band,
    actual_cost,
    impact,
    escalation,
    upper(left(reason_text, 1)) || substr(reason_text, 2) AS reason
FROM reasons
ORDER BY impact DESC, initiative_id
