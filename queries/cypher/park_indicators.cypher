// name: park_indicators
// title_zh: 园区指标
// title_en: Park figures
// description: Park-level figures the sources report (projects signed, investment attracted, 履约率 …) with unit and period.
// param: park (park, default 株洲高新区): the park's name, alias or key
MATCH (p:Park)-[:HAS_INDICATOR]->(i:Indicator)
WHERE p.key = $park
RETURN p.name AS park_name, i.metric AS metric, i.value AS value, i.unit AS unit,
       i.period AS period, i.value_text AS value_text
ORDER BY metric, coalesce(period, ''), coalesce(value_text, '')
