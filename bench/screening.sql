-- The Second in Science screening as one SQL query over the stored JSON: what a competent user
-- would otherwise write. Essentials that fail exclude; missing facts need review; desirables
-- score 2 (all three sciences at KS3), 3 (five years' teaching, spells summed) and 2 x mean/3
-- (leadership, scored). It skips what SQL makes hard (overlapping spells are counted twice).
WITH latest AS (
  SELECT a.ref, a.facts FROM application a
  WHERE a.vacancy_id = 'second-in-science'
    AND a.version = (SELECT max(b.version) FROM application b
                     WHERE b.vacancy_id = a.vacancy_id AND b.ref = a.ref)
),
scored AS (
  SELECT ref,
         avg(CASE WHEN criterion = 'cpd' THEN score END) AS cpd,
         avg(CASE WHEN criterion = 'subject_knowledge' THEN score END) AS knowledge,
         avg(CASE WHEN criterion = 'behaviour_management' THEN score END) AS behaviour,
         avg(CASE WHEN criterion = 'leadership_potential' THEN score END) AS leadership
  FROM assessor_score WHERE vacancy_id = 'second-in-science' GROUP BY ref
),
facts AS (
  SELECT l.ref,
    json_extract(l.facts, '$.qts') AS qts,
    json_extract(l.facts, '$.right_to_work') AS rtw,
    json_extract(l.facts, '$.declarations.on_barred_list') AS barred,
    json_array_length(l.facts, '$.references') AS refs,
    (SELECT count(*) FROM json_each(l.facts, '$.subjects')
     WHERE value IN ('biology', 'chemistry', 'physics')) AS sciences,
    (SELECT count(*) FROM json_each(l.facts, '$.key_stages') WHERE value IN ('KS3', 'KS4')) AS ks34,
    (SELECT count(*) FROM json_each(l.facts, '$.key_stages') WHERE value = 'KS3') AS ks3,
    (SELECT sum(julianday(coalesce(json_extract(value, '$.end'), '2026-11-23')) -
                julianday(json_extract(value, '$.start'))) / 365.2425
     FROM json_each(l.facts, '$.employment') WHERE json_extract(value, '$.teaching')) AS years
  FROM latest l
),
verdicts AS (
  SELECT f.ref,
    CASE WHEN f.qts = 0 OR f.rtw = 0 OR f.barred = 1 OR f.refs < 2 OR f.sciences < 2 OR f.ks34 < 2
              OR s.cpd < 2 OR s.knowledge < 2 OR s.behaviour < 2 THEN 'excluded'
         WHEN f.qts IS NULL OR f.rtw IS NULL OR f.barred IS NULL OR f.refs IS NULL
              OR s.cpd IS NULL OR s.knowledge IS NULL OR s.behaviour IS NULL THEN 'needs review'
         ELSE 'eligible' END AS verdict,
    (CASE WHEN f.sciences = 3 AND f.ks3 = 1 THEN 2 ELSE 0 END) +
    (CASE WHEN f.years >= 5 THEN 3 ELSE 0 END) + coalesce(s.leadership, 0) * 2.0 / 3 AS score
  FROM facts f LEFT JOIN scored s ON s.ref = f.ref
)
SELECT verdict, count(*), sum(score) FROM verdicts GROUP BY verdict;
