// name: park_competition
// title_zh: 园区同链竞争
// title_en: Parks contesting a chain
// description: For each segment of a chain, every park with enterprises or projects on it, with their numbers and the projects' investment in yuan (and how many of those projects state an amount): segments held by several parks are contested.
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
MATCH (p:Park)<-[:LOCATED_IN]-(x)-[:IN_SEGMENT]->(s)
WITH DISTINCT s, p
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(e:Enterprise)-[:IN_SEGMENT]->(s)
WITH s, p, count(DISTINCT e) AS enterprises
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_SEGMENT]->(s)
RETURN s.key AS segment_key, s.name AS segment_name, s.seq AS seq, p.name AS park_name,
       enterprises, count(DISTINCT j) AS projects, count(j.amount_cny) AS with_amount,
       sum(coalesce(j.amount_cny, 0.0)) AS investment_cny
ORDER BY coalesce(seq, 0), segment_key, park_name
