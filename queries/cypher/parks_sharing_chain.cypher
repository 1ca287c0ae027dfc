// name: parks_sharing_chain
// title_zh: 同链园区
// title_en: Parks sharing a chain
// description: Chains that two or more parks have, with each park's strategy: where parks compete or could cooperate.
// param: chain (chain, default ): the chain's name, alias or key; empty for all chains
MATCH (p:Park)-[:HAS_CHAIN]->(c:IndustryChain)
WHERE $chain = '' OR c.key = $chain
WITH c, count(DISTINCT p) AS parks
WHERE parks >= 2
MATCH (q:Park)-[h:HAS_CHAIN]->(c)
RETURN c.name AS chain_name, parks, q.name AS park_name, h.strategy AS strategy_zh
ORDER BY chain_name, park_name, coalesce(strategy_zh, '')
