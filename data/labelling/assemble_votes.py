"""Rounds 4 and 5 (issue 23): assembles labellers' batches (`out/batch-<k>.jsonl`,
labels for `in/batch-<k>.jsonl` of sample4.py or sample5.py). Run from that
round's scratch folder:
    python3 assemble_votes.py CORPUS.jsonl.gz REPO/data/labelled round4 5 round4
    python3 assemble_votes.py CORPUS.jsonl.gz REPO/data/labelled round5 8 random
(arguments: the files' name, how many labellers, the papers' origin; round 5 is
`random`, the natural mix, so thresholds are chosen on its papers too).

The papers all the labellers labelled take each topic that more than half of
them gave it; the others keep their one labeller's. Papers published from
2025-09-01 on (the corpus's latest span) are the check set, never trained on:
NAME-check.jsonl; the rest are NAME.jsonl. It prints the labellers' agreement on
the papers they all labelled."""
import gzip, itertools, json, sys, collections

corpus_path, labelled_dir, name, labellers, origin = sys.argv[1:6]
CHECK_FROM = '2025-09-01'
LABELLERS = int(labellers)
papers = {}
given = collections.defaultdict(dict)
for b in range(LABELLERS):
    for line in open(f'in/batch-{b}.jsonl'):
        row = json.loads(line)
        papers[row['id']] = row
    for line in open(f'out/batch-{b}.jsonl'):
        row = json.loads(line)
        given[row['id']][b] = set(row['topics'])
published = {}
for line in gzip.open(corpus_path, 'rt'):
    row = json.loads(line)
    if row['id'] in papers:
        published[row['id']] = row['published']
shared = sorted(i for i, by in given.items() if len(by) == LABELLERS)
pairs = list(itertools.combinations(range(LABELLERS), 2))
f1 = [2 * sum(len(given[i][a] & given[i][b]) for i in shared)
      / sum(len(given[i][a]) + len(given[i][b]) for i in shared) for a, b in pairs]
same = [sum(given[i][a] == given[i][b] for i in shared) for a, b in pairs]
print(f'{len(shared)} papers labelled by all {LABELLERS}: pairwise micro-F1 {min(f1):.3f} to {max(f1):.3f} '
      f'(mean {sum(f1) / len(f1):.3f}); identical sets {min(same)} to {max(same)} of {len(shared)}')
train, check = [], []
for paper_id in sorted(given):
    by = given[paper_id]
    votes = collections.Counter(t for topics in by.values() for t in topics)
    topics = sorted(t for t, n in votes.items() if n > len(by) / 2)
    p = papers[paper_id]
    row = {'id': paper_id, 'title': p['title'], 'abstract': p['abstract'], 'categories': p['categories'],
           'topics': topics, 'origin': origin}
    (check if published[paper_id] >= CHECK_FROM else train).append(row)
for file, rows in ((name, train), (f'{name}-check', check)):
    with open(f'{labelled_dir}/{file}.jsonl', 'w') as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + '\n' for r in rows)
    print(file, len(rows), 'papers,', sum(not r['topics'] for r in rows), 'with no topic')
