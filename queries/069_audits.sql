-- title: Audits
-- sheet: Audits
-- description: This audit and every earlier one kept in the archive, newest first: the headline figures of each, with links to its board pack and run record.
WITH audits AS (
    SELECT getvariable('as_of')::DATE AS as_of, true AS current, spend_to_date, mapped_share_of_spend,
        flagged, escalated_executive, escalated_cio, funding_holds
    FROM headline
    UNION ALL
    SELECT as_of, false, spend_to_date, mapped_share_of_spend,
        flagged, escalated_executive, escalated_cio, funding_holds
    FROM archive_audits
    WHERE as_of IS NOT NULL AND as_of <> getvariable('as_of')::DATE
)
SELECT
    as_of,
    current,
    spend_to_date::DECIMAL(38, 2) AS spend_to_date,
    mapped_share_of_spend,
    flagged,
    escalated_executive,
    escalated_cio,
    funding_holds,
    'archive/' || strftime(as_of, '%Y-%m-%d') || '/board-pack.xlsx' AS board_pack,
    'archive/' || strftime(as_of, '%Y-%m-%d') || '/run.json' AS run_json
FROM audits
ORDER BY as_of DESC
