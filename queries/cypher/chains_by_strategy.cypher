// name: chains_by_strategy
// title_zh: 强链、建链、延链、补链
// title_en: Chains by strategy
// description: The chains a park strengthens (有链强链), builds (无链建链), extends (短链延链) or fills gaps in (补链), with the park's projects behind each chain.
// param: park (park, default 株洲高新区): the park's name, alias or key
// param: strategy (strategy, default ): one of 有链强链, 无链建链, 短链延链, 补链 (or strengthen, build, extend, fill); empty for all
MATCH (p:Park)-[h:HAS_CHAIN]->(c:IndustryChain)
WHERE (p.key = $park)
  AND h.strategy IS NOT NULL AND ($strategy = '' OR h.strategy = $strategy)
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP]->(c)
RETURN h.strategy AS strategy_zh, c.name AS chain_name, j.name AS project,
       j.amount_cny AS amount_cny
ORDER BY strategy_zh, chain_name, coalesce(project, '')
