// name: park_posts
// title_zh: 链长制职务
// title_en: Chain-leader posts of a park
// description: The posts of a park's chain-leader system (总链长, 主链长, 分链长 …), who holds them, and the chain each leads where the source says.
// param: park (park, default 株洲高新区): the park's name, alias or key
MATCH (o:Post)-[:POST_IN]->(p:Park)
WHERE p.key = $park
OPTIONAL MATCH (o)-[:LEADS]->(c:IndustryChain)
RETURN p.name AS park_name, o.title AS title, o.name AS post, o.holder AS holder,
       c.name AS chain_name
ORDER BY title, post, coalesce(chain_name, '')
