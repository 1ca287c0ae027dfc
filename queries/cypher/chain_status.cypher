// name: chain_status
// title_zh: 产业链现状图
// title_en: Chain status of a park
// description: Each segment of a chain, upstream first, with how many of the park's enterprises and projects are on it, their investment in yuan (and how many of those projects state an amount), and whether the park covers it (the 现状图; gaps are the rows not covered).
// param: park (park, default 株洲高新区): the park's name, alias or key
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
MATCH (p:Park)
WHERE p.key = $park
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(e:Enterprise)-[:IN_SEGMENT]->(s)
WITH p, c, s, count(DISTINCT e) AS enterprises
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_SEGMENT]->(s)
WITH p, c, s, enterprises, count(DISTINCT j) AS projects, count(j.amount_cny) AS with_amount,
     sum(coalesce(j.amount_cny, 0.0)) AS investment_cny
RETURN p.name AS park_name, c.name AS chain_name, s.key AS segment_key, s.name AS segment_name,
       s.position AS position, s.seq AS seq, enterprises, projects, with_amount,
       investment_cny,
       enterprises + projects > 0 AS covered
ORDER BY coalesce(seq, 0), segment_key
