// name: stance_check
// title_zh: 强链/建链/延链/补链判定
// title_en: Derived chain stance of each project
// description: For each project placed on a chain segment, the stance its segment implies against the park's existing enterprises on the chain (investors of the project itself not counted): none → 无链建链; same segment → 有链强链; between covered segments (by seq) → 补链; else 短链延链. Beside it, the stance the sources claim for the project.
// param: park (park, default ): the park's name, alias or key; empty for every park
// param: chain (chain, default ): the chain's name, alias or key; empty for every chain
// Shape (measured on the 100k workspace with placements, 株洲高新区 × 新能源汽车, 1,092 rows):
// joining every project with every base enterprise of its park and chain, then probing
// INVESTS_IN per pair, took 3-8 s. Here the base is counted once per (park, chain, segment),
// and per (project, base segment) only the project's own investors there are counted; the
// segment stays in the project's base while it has more enterprises than such investors.
// Same rows, ~75-125 ms on ladybug.
MATCH (p:Park)<-[:LOCATED_IN]-(:Project)-[:IN_SEGMENT]->(:ChainSegment)-[:SEGMENT_OF]->(c:IndustryChain)
WHERE ($park = '' OR p.key = $park)
  AND ($chain = '' OR c.key = $chain)
WITH DISTINCT p, c
OPTIONAL MATCH (p)<-[:LOCATED_IN]-(e:Enterprise)-[:IN_SEGMENT]->(b:ChainSegment)-[:SEGMENT_OF]->(c)
WITH p, c, b, count(DISTINCT e) AS n
MATCH (p)<-[:LOCATED_IN]-(j:Project)-[:IN_SEGMENT]->(s:ChainSegment)-[:SEGMENT_OF]->(c)
OPTIONAL MATCH (j)<-[:INVESTS_IN]-(i:Enterprise)-[:IN_SEGMENT]->(b), (i)-[:LOCATED_IN]->(p)
WITH p, c, j, s, b, n, count(DISTINCT i) AS k
WITH p, c, j, s, CASE WHEN n > k THEN b.key END AS base_key,
     CASE WHEN n > k THEN b.seq END AS base_seq
WITH p, c, j, s, count(base_key) AS base,
     sum(CASE WHEN base_key = s.key THEN 1 ELSE 0 END) AS same,
     min(base_seq) AS lo, max(base_seq) AS hi
RETURN p.name AS park_name, c.name AS chain_name, j.name AS project_name,
       s.key AS segment_key, s.name AS segment_name, s.seq AS seq,
       CASE WHEN base = 0 THEN '无链建链'
            WHEN same > 0 THEN '有链强链'
            WHEN lo < s.seq AND hi > s.seq THEN '补链'
            ELSE '短链延链' END AS derived,
       j.strategy AS claimed
ORDER BY park_name, chain_name, coalesce(seq, 0), project_name, segment_name
