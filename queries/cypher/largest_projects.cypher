// name: largest_projects
// title_zh: 重大项目排行
// title_en: Largest projects
// description: Projects ranked by investment in yuan (amounts in foreign currency converted), optionally within one park.
// param: park (park, default ): the park's name, alias or key; empty for all parks
// param: limit (limit, default 10): how many projects (0 for all)
MATCH (j:Project)-[:LOCATED_IN]->(p:Park)
WHERE j.amount_cny IS NOT NULL
  AND ($park = '' OR p.key = $park)
OPTIONAL MATCH (j)-[:IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP]->(c:IndustryChain)
RETURN j.name AS project, p.name AS park_name, c.name AS chain_name,
       j.amount_cny AS amount_cny, j.amount_text AS amount_text, j.signed AS signed
ORDER BY amount_cny DESC, project
LIMIT $limit
