// name: chain_gaps
// title_zh: 产业链缺失环节
// title_en: Chain gaps of a park
// description: The segments of a chain where the park has neither an enterprise nor a project (the 补链 gaps), upstream first, with how many enterprises elsewhere are on each.
// param: park (park, default 株洲高新区): the park's name, alias or key
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
MATCH (p:Park)
WHERE p.key = $park
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(x)-[:IN_SEGMENT]->(s)
WITH p, c, s, count(x) AS present
WHERE present = 0
OPTIONAL MATCH (e:Enterprise)-[:IN_SEGMENT]->(s)
RETURN p.name AS park_name, c.name AS chain_name, s.key AS segment_key, s.name AS segment_name,
       s.position AS position, s.seq AS seq, count(DISTINCT e) AS candidates
ORDER BY coalesce(seq, 0), segment_key
