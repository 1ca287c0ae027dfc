// name: chain_segments
// title_zh: 产业链全景图
// title_en: Chain panorama (segments)
// description: The segments of a chain, upstream first, with the segments each one feeds (one row per FEEDS link; feeds_key empty for the last segments).
// param: chain (chain, default 新能源汽车): the chain's name, alias or key
MATCH (c:IndustryChain)<-[:SEGMENT_OF]-(s:ChainSegment)
WHERE c.key = $chain
OPTIONAL MATCH (s)-[:FEEDS]->(t:ChainSegment)
RETURN c.name AS chain_name, s.key AS segment_key, s.name AS segment_name,
       s.name_en AS segment_name_en, s.position AS position, s.seq AS seq, t.key AS feeds_key
ORDER BY coalesce(seq, 0), segment_key, coalesce(feeds_key, '')
