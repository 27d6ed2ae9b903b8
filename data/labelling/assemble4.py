"""Round 4 (issue 23): assembles the five labellers' batches (`out/batch-<k>.jsonl`,
labels for `in/batch-<k>.jsonl` of sample4.py). Run from that scratch folder:
    python3 assemble4.py CORPUS.jsonl.gz REPO/data/labelled

The 30 papers all five labelled take each topic that at least three gave it;
the others keep their one labeller's. Papers published from 2025-09-01 on (the
corpus's latest span) are the check set, never trained on: round4-check.jsonl;
the rest are round4.jsonl. It prints the labellers' agreement on the 30."""
import gzip, itertools, json, sys, collections

corpus_path, labelled_dir = sys.argv[1:3]
CHECK_FROM = '2025-09-01'
papers = {}
for b in range(5):
    for line in open(f'in/batch-{b}.jsonl'):
        row = json.loads(line)
        papers[row['id']] = row
given = collections.defaultdict(dict)
for b in range(5):
    for line in open(f'out/batch-{b}.jsonl'):
        row = json.loads(line)
        assert papers[row['id']]['n'] is not None
        given[row['id']][b] = set(row['topics'])
published = {}
for line in gzip.open(corpus_path, 'rt'):
    row = json.loads(line)
    if row['id'] in papers:
        published[row['id']] = row['published']
shared = sorted(i for i, by in given.items() if len(by) == 5)
pairs = list(itertools.combinations(range(5), 2))
f1 = [2 * sum(len(given[i][a] & given[i][b]) for i in shared)
      / sum(len(given[i][a]) + len(given[i][b]) for i in shared) for a, b in pairs]
same = [sum(given[i][a] == given[i][b] for i in shared) for a, b in pairs]
print(f'{len(shared)} papers labelled by all five: pairwise micro-F1 {min(f1):.3f} to {max(f1):.3f} '
      f'(mean {sum(f1) / len(f1):.3f}); identical sets {min(same)} to {max(same)} of {len(shared)}')
train, check = [], []
for paper_id in sorted(given):
    by = given[paper_id]
    votes = collections.Counter(t for topics in by.values() for t in topics)
    topics = sorted(t for t, n in votes.items() if n > len(by) / 2)
    p = papers[paper_id]
    row = {'id': paper_id, 'title': p['title'], 'abstract': p['abstract'], 'categories': p['categories'],
           'topics': topics, 'origin': 'round4'}
    (check if published[paper_id] >= CHECK_FROM else train).append(row)
for name, rows in (('round4', train), ('round4-check', check)):
    with open(f'{labelled_dir}/{name}.jsonl', 'w') as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + '\n' for r in rows)
    print(name, len(rows), 'papers,', sum(not r['topics'] for r in rows), 'with no topic')
