-- The IT programmes this example follows, defined here (HM Treasury does
-- not publish a portfolio or budgets: approved_budget is left empty).
SELECT * FROM (VALUES
    ('HMT-OSCAR', 'OSCAR public spending system (Project OSCAR, OSCAR II)', 'Finance systems', 'active', '2010-04-01', '2026-03-31'),
    ('HMT-IWS',   'Integrated workplace services (IWS)',                   'Workplace',       'active', '2010-04-01', '2026-03-31'),
    ('HMT-ICT',   'ICT 2015 services and ICT and estates',                 'Infrastructure',  'done',   '2013-04-01', '2019-03-31'),
    ('HMT-FACT',  'Finance Analytics & Control & Technology',              'Finance systems', 'active', '2015-04-01', '2026-03-31'),
    ('HMT-SLS',   'Software licensing & support',                          'Infrastructure',  'active', '2010-04-01', '2026-03-31')
) AS t(initiative_id, name, portfolio, status, start_date, end_date)
