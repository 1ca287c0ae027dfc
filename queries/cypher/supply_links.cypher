// name: supply_links
// title_zh: 配套关系
// title_en: Supply links
// description: Supply links (为…提供配套) around an enterprise, usually a chain's lead enterprise: who supplies whom, and what.
// param: enterprise (enterprise, default ): the enterprise's name, legal name, alias or key; empty for all links
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
MATCH (s:Enterprise)-[r:SUPPLIES]->(t:Enterprise)
WHERE $enterprise = ''
   OR s.key = $enterprise
   OR t.key = $enterprise
RETURN s.name AS supplier, t.name AS customer, r.product AS product
ORDER BY customer, supplier, coalesce(product, '')
LIMIT $limit
