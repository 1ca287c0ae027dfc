// name: chain_leaders
// title_zh: 链长与链主
// title_en: Chain leaders
// description: Who leads each chain in each park: officials' posts (链长) and lead enterprises (链主, 龙头), with the role the source gives them.
// param: park (park, default ): the park's name, alias or key; empty for all parks
// param: chain (chain, default ): the chain's name, alias or key; empty for all chains
MATCH (l)-[r:LEADS]->(c:IndustryChain)
MATCH (p:Park {key: r.park})
WHERE ($park = '' OR p.key = $park)
  AND ($chain = '' OR c.key = $chain)
RETURN p.name AS park_name, c.name AS chain_name, l.name AS leader,
       CASE WHEN l.title IS NULL THEN 'enterprise' ELSE 'post' END AS leader_kind,
       r.role AS role
ORDER BY park_name, chain_name, leader
