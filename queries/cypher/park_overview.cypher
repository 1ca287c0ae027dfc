// name: park_overview
// title_zh: 园区概览
// title_en: Park overview
// description: Each chain of a park with the park's strategy for it, the number of projects the park has in that chain, how many of them state an amount, and the total of those amounts in yuan.
// param: park (park, default 株洲高新区): the park's name, alias or key
MATCH (p:Park)-[h:HAS_CHAIN]->(c:IndustryChain)
WHERE p.key = $park
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_CHAIN|STRENGTHENS|BUILDS|EXTENDS|FILLS_GAP]->(c)
RETURN p.name AS park_name, c.name AS chain_name, h.strategy AS strategy_zh,
       count(j) AS projects, count(j.amount_cny) AS with_amount,
       sum(coalesce(j.amount_cny, 0.0)) AS investment_cny
ORDER BY park_name, chain_name, coalesce(strategy_zh, '')
