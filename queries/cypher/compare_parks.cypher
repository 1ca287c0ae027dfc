// name: compare_parks
// title_zh: 园区对比
// title_en: Compare two parks
// description: The chains of two parks side by side: whether each park has the chain and its strategy for it.
// param: park_a (park, default 株洲高新区): the first park's name, alias or key
// param: park_b (park, default 湘潭高新区): the second park's name, alias or key
MATCH (p:Park)-[:HAS_CHAIN]->(c:IndustryChain)
WHERE p.key = $park_a
   OR p.key = $park_b
WITH DISTINCT c
OPTIONAL MATCH (a:Park)-[ha:HAS_CHAIN]->(c)
WHERE a.key = $park_a
OPTIONAL MATCH (b:Park)-[hb:HAS_CHAIN]->(c)
WHERE b.key = $park_b
RETURN c.name AS chain_name, a IS NOT NULL AS in_a, ha.strategy AS a_strategy,
       b IS NOT NULL AS in_b, hb.strategy AS b_strategy
ORDER BY chain_name, coalesce(a_strategy, ''), coalesce(b_strategy, '')
