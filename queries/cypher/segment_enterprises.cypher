// name: segment_enterprises
// title_zh: 园区各环节企业
// title_en: A park's enterprises by chain segment
// description: The park's enterprises on each segment of a chain, upstream first, with the placement rule and reason and whether the enterprise leads (链主/龙头) the chain in the park.
// param: park (park, default 株洲高新区): the park's name, alias or key
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
MATCH (p:Park)<-[:LOCATED_IN]-(e:Enterprise)-[r:IN_SEGMENT]->(s)
WHERE p.key = $park
OPTIONAL MATCH (e)-[l:LEADS]->(c)
WHERE l.park = p.key
WITH s, e, r, count(l) > 0 AS leads
RETURN s.key AS segment_key, s.name AS segment_name, s.seq AS seq, e.name AS enterprise_name,
       leads, r.rule AS rule, r.reason AS reason, r.confidence AS confidence
ORDER BY coalesce(seq, 0), segment_key, enterprise_name
