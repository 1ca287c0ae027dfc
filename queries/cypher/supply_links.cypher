// name: supply_links
// title_zh: 配套关系
// title_en: Supply links
// description: Supply links (为…提供配套) around an enterprise, usually a chain's lead enterprise: who supplies whom, and what.
// param: enterprise (enterprise, default ): the enterprise's name, legal name, alias or key; empty for all links
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
// Measured at 100k enterprises (the busiest customer: 18.1k of 150k links): this scan with
// an OR is the fastest form the common subset allows (~0.11 s quiet, 0.17-0.3 s loaded).
// Starting from the enterprise's key answers one direction in 0.05 s, but joining the two
// directions needs UNION + sort (not common to Neo4j and ladybug), a node-list concat
// (crashes ladybug 0.x) or an undirected match re-oriented by rid (0.24-0.28 s; 2.9 s
// with no enterprise).
MATCH (s:Enterprise)-[r:SUPPLIES]->(t:Enterprise)
WHERE $enterprise = ''
   OR s.key = $enterprise
   OR t.key = $enterprise
RETURN s.name AS supplier, t.name AS customer, r.product AS product
ORDER BY customer, supplier, coalesce(product, '')
LIMIT $limit
