// name: gap_targets
// title_zh: 补链招商目标
// title_en: Gap-filling targets
// description: For each segment of a chain where the park has no enterprise or project, the enterprises elsewhere on that segment, best first: those leading (链主/龙头) the chain, then those already supplying the park's enterprises, then by projects invested in and investment (with how many of those projects state an amount).
// param: park (park, default 株洲高新区): the park's name, alias or key
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
MATCH (p:Park)
WHERE p.key = $park
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(x)-[:IN_SEGMENT]->(s)
WITH p, c, s, count(x) AS present
WHERE present = 0
MATCH (e:Enterprise)-[r:IN_SEGMENT]->(s)
OPTIONAL MATCH (e)-[here:LOCATED_IN]->(p)
WITH p, c, s, e, r, count(here) AS in_park
WHERE in_park = 0
OPTIONAL MATCH (e)-[l:LEADS]->(c)
WITH p, s, e, r, count(l) > 0 AS leads
OPTIONAL MATCH (e)-[:SUPPLIES]->(t:Enterprise)-[:LOCATED_IN]->(p)
WITH s, e, r, leads, count(DISTINCT t) AS supplies_into_park
OPTIONAL MATCH (e)-[:INVESTS_IN]->(j:Project)
WITH s, e, r, leads, supplies_into_park, count(j) AS projects,
     count(j.amount_cny) AS with_amount, sum(coalesce(j.amount_cny, 0.0)) AS investment_cny
RETURN s.key AS segment_key, s.name AS segment_name, s.seq AS seq,
       e.name AS enterprise_name, leads, supplies_into_park, projects, with_amount,
       investment_cny,
       r.rule AS rule, r.reason AS reason
ORDER BY coalesce(seq, 0), segment_key, CASE WHEN leads THEN 0 ELSE 1 END,
         supplies_into_park DESC, projects DESC, investment_cny DESC, enterprise_name
