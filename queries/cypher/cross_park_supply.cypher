// name: cross_park_supply
// title_zh: 跨园区配套
// title_en: Supply links across parks
// description: Supply links whose supplier is in one park and whose customer is in another (and the supplier not in the customer's park), optionally only those touching a chain (either end on one of its segments, or leading it).
// param: chain (chain, default ): the chain's name, alias or key; empty for every chain
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
MATCH (a:Enterprise)-[r:SUPPLIES]->(b:Enterprise)
MATCH (a)-[:LOCATED_IN]->(pa:Park)
MATCH (b)-[:LOCATED_IN]->(pb:Park)
WHERE pa.key <> pb.key
OPTIONAL MATCH (a)-[local:LOCATED_IN]->(pb)
WITH a, b, r, pa, pb, count(local) AS local_links
WHERE local_links = 0
OPTIONAL MATCH (a)-[:IN_SEGMENT]->(:ChainSegment)-[:SEGMENT_OF]->(c1:IndustryChain)
WHERE c1.key = $chain
WITH a, b, r, pa, pb, count(c1) AS ties_a
OPTIONAL MATCH (b)-[:IN_SEGMENT]->(:ChainSegment)-[:SEGMENT_OF]->(c2:IndustryChain)
WHERE c2.key = $chain
WITH a, b, r, pa, pb, ties_a, count(c2) AS ties_b
OPTIONAL MATCH (a)-[:LEADS]->(c3:IndustryChain)
WHERE c3.key = $chain
WITH a, b, r, pa, pb, ties_a, ties_b, count(c3) AS ties_c
OPTIONAL MATCH (b)-[:LEADS]->(c4:IndustryChain)
WHERE c4.key = $chain
WITH a, b, r, pa, pb, ties_a, ties_b, ties_c, count(c4) AS ties_d
WHERE $chain = '' OR ties_a + ties_b + ties_c + ties_d > 0
RETURN a.name AS supplier, pa.name AS supplier_park, b.name AS customer,
       pb.name AS customer_park, r.product AS product
ORDER BY supplier_park, customer_park, supplier, customer, coalesce(product, '')
LIMIT $limit
