// name: multi_park_enterprises
// title_zh: 跨园区企业
// title_en: Enterprises in several parks
// description: Enterprises present in at least min_parks parks, by location or by investing in a project located there; one row per enterprise and park.
// param: min_parks (int, default 2): the least number of parks
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
MATCH (e:Enterprise)-[:LOCATED_IN|INVESTS_IN*1..2]->(p:Park)
WITH e, count(DISTINCT p) AS parks
WHERE parks >= $min_parks
MATCH (e)-[:LOCATED_IN|INVESTS_IN*1..2]->(q:Park)
RETURN DISTINCT e.name AS enterprise_name, parks, q.name AS park_name
ORDER BY enterprise_name, park_name, parks
LIMIT $limit
