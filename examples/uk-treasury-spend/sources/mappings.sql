-- Expense areas to initiatives. Keys match trimmed, spaces collapsed and
-- case ignored ("OSCAR II" also takes "Oscar II"); a key ending in * takes
-- every area starting with it.
SELECT 'finance' AS system, key, initiative_id FROM (VALUES
    ('Project OSCAR*',                           'HMT-OSCAR'),
    ('OSCAR II',                                 'HMT-OSCAR'),
    ('IWS*',                                     'HMT-IWS'),
    ('ICT 2015*',                                'HMT-ICT'),
    ('ICT and Estates',                          'HMT-ICT'),
    ('Finance Analytics & Control & Technology', 'HMT-FACT'),
    ('Software Licensing & Support',             'HMT-SLS')
) AS m(key, initiative_id)
