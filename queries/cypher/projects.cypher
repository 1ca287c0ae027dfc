// name: projects
// title_zh: 项目清单
// title_en: Projects by park, chain and year
// description: Investment projects with park, chain, the strategy they serve, amount in yuan (and as written), and signing, start and production dates; filter by park, chain and year.
// param: park (park, default ): the park's name, alias or key; empty for all parks
// param: chain (chain, default ): the chain's name, alias or key; empty for all chains
// param: year (year, default ): a year such as 2024, matched against the signing or start date; empty for all
MATCH (j:Project)
OPTIONAL MATCH (j)-[:LOCATED_IN]->(p:Park)
OPTIONAL MATCH (j)-[r:IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP]->(c:IndustryChain)
WITH j, p, c, r
WHERE ($park = '' OR p.key = $park)
  AND ($chain = '' OR c.key = $chain)
  AND ($year = '' OR j.signed STARTS WITH $year OR j.started STARTS WITH $year)
RETURN j.name AS project, p.name AS park_name, c.name AS chain_name, r.strategy AS strategy_zh,
       j.amount_cny AS amount_cny, j.amount_text AS amount_text,
       j.signed AS signed, j.started AS started, j.in_production AS in_production
ORDER BY project
