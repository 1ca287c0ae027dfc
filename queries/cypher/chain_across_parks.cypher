// name: chain_across_parks
// title_zh: 一条产业链的各园区布局
// title_en: One chain across all parks
// description: For one chain, every park that has it, the park's strategy, the park's projects in that chain, how many of them state an amount, and the total of those amounts in yuan.
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (p:Park)-[h:HAS_CHAIN]->(c:IndustryChain)
WHERE c.key = $chain
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP]->(c)
RETURN c.name AS chain_name, p.name AS park_name, h.strategy AS strategy_zh,
       count(j) AS projects, count(j.amount_cny) AS with_amount,
       sum(coalesce(j.amount_cny, 0.0)) AS investment_cny
ORDER BY park_name, coalesce(strategy_zh, '')
