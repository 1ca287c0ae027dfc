// name: fact_sources
// title_zh: 事实出处
// title_en: Facts and their sources
// description: Every relationship of an entity with the source documents that state it (title, outlet, publication date).
// param: name (string, default 株洲高新区): the entity's name or key
// param: limit (limit, default 100): at most this many rows, in the order shown; 0 for all
// ladybug override: label(r) names a relationship type here; Neo4j and FalkorDB use
// type(r) (see ../fact_sources.cypher). No function common to both exists.
// Measured at 100k enterprises (株洲高新区: 25.7k relationships, 28.3k rows): the ~100
// source documents are matched first and each relationship keeps those its `sources`
// list names (`d.key IN r.sources`); UNWINDing every relationship's list and looking each
// key up cost most of the time (0.77 s -> 0.11 s, measured in the same minute).
MATCH (d:SourceDocument)
WITH d
MATCH (n)
WHERE n.key = $name OR n.name = $name
MATCH (n)-[r]-(m)
WHERE d.key IN r.sources
RETURN n.name AS subject, label(r) AS relation, m.name AS other,
       d.name AS source_title, d.outlet AS outlet, d.date AS published
ORDER BY relation, other, source_title, subject, coalesce(outlet, ''),
         coalesce(published, '')
LIMIT $limit
