// name: cross_park_supply
// title_zh: 跨园区配套
// title_en: Supply links across parks
// description: Supply links whose supplier is in one park and whose customer is in another (and the supplier not in the customer's park), optionally only those touching a chain (either end on one of its segments, or leading it).
// param: chain (chain, default ): the chain's name, alias or key; empty for every chain
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
// ladybug override: EXISTS { MATCH … } (a per-link semi-join) is what makes this fast on
// ladybug, and FalkorDB, the Neo4j-protocol test server, rejects it as a syntax error; the
// portable text is ../cross_park_supply.cypher, and parity compares the two.
// Measured at 100k enterprises with segment placements (the synthetic graph with placements; chain 新能源汽车
// has 7.5k placed enterprises + 20 leads): rows are ordered by supplier park first, so the
// answer lies in the parks named up to the last of the first two parks by name whenever
// those two give at least $limit rows (step 1 counts them); otherwise (big limit, 0 = all,
// small graphs) every park is walked: exact either way. Links are reached from the parks.
// The chain tie is tested per link with EXISTS (a semi-join), not `key IN <list of 7.5k
// tied keys>` (a list scan per link: > 20 s). Before -> after, same minute: chain
// 新能源汽车 > 20 s -> 0.16 s, no chain 1.9 s -> 0.12 s. Parks compared as nodes; the
// local-link check as OPTIONAL MATCH + IS NULL needs no grouping of rows. Step 1's count
// has no grouping key, so it is one row (0) even when the first parks give no rows.
OPTIONAL MATCH (c:IndustryChain {key: $chain})
WITH c
MATCH (p0:Park)
WITH c, p0 ORDER BY p0.name LIMIT 2
MATCH (p0)<-[:LOCATED_IN]-(a:Enterprise)-[r:SUPPLIES]->(b:Enterprise)
WHERE $chain = ''
   OR EXISTS { MATCH (a)-[:LEADS|IN_SEGMENT|SEGMENT_OF*1..2]->(c) }
   OR EXISTS { MATCH (b)-[:LEADS|IN_SEGMENT|SEGMENT_OF*1..2]->(c) }
MATCH (b)-[:LOCATED_IN]->(pb:Park)
WHERE p0 <> pb
OPTIONAL MATCH (a)-[local:LOCATED_IN]->(pb)
WITH c, p0, local
WHERE local IS NULL
WITH count(*) AS found, max(p0.name) AS last
OPTIONAL MATCH (c:IndustryChain {key: $chain})
WITH c, found, last
MATCH (pa:Park)
WHERE found < $limit OR pa.name <= last
MATCH (pa)<-[:LOCATED_IN]-(a:Enterprise)-[r:SUPPLIES]->(b:Enterprise)
WHERE $chain = ''
   OR EXISTS { MATCH (a)-[:LEADS|IN_SEGMENT|SEGMENT_OF*1..2]->(c) }
   OR EXISTS { MATCH (b)-[:LEADS|IN_SEGMENT|SEGMENT_OF*1..2]->(c) }
MATCH (b)-[:LOCATED_IN]->(pb:Park)
WHERE pa <> pb
OPTIONAL MATCH (a)-[local:LOCATED_IN]->(pb)
WITH a, b, r, pa, pb, local
WHERE local IS NULL
RETURN a.name AS supplier, pa.name AS supplier_park, b.name AS customer,
       pb.name AS customer_park, r.product AS product
ORDER BY supplier_park, customer_park, supplier, customer, coalesce(product, '')
LIMIT $limit
