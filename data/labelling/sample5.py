"""Round 5 (issue 23), seed 20261208. Run from a scratch folder:
    python3 sample5.py CORPUS.jsonl.gz REPO/data/labelled

2,000 corpus papers never labelled before, at random, stratified by primary
category (proportional allocation, largest remainders): the natural mix, as
the first random sample. Eight labellers get 250 each, and all eight get the
same 25 of them for agreement (so each of those 25 is twice in one batch):
in/batch-<k>.jsonl."""
import gzip, json, random, collections, sys

rng = random.Random(20261208)
corpus_path, labelled_dir = sys.argv[1:3]
seen = set()
for name in ('train', 'test', 'round3', 'round4', 'round4-check', 'outside-core-check', 'narrow-topics'):
    seen |= {json.loads(l)['id'] for l in open(f'{labelled_dir}/{name}.jsonl')}
papers = [json.loads(l) for l in gzip.open(corpus_path, 'rt')]
papers = sorted((p for p in papers if p.get('abstract') and p.get('title') and p['id'] not in seen),
                key=lambda p: p['id'])
by_primary = collections.defaultdict(list)
for p in papers:
    by_primary[p['primary_category']].append(p)
N = 2000
quota = {k: N * len(v) / len(papers) for k, v in by_primary.items()}
alloc = {k: int(q) for k, q in quota.items()}
for k in sorted(quota, key=lambda k: (-(quota[k] - alloc[k]), k))[:N - sum(alloc.values())]:
    alloc[k] += 1
chosen = []
for k in sorted(by_primary):
    chosen += rng.sample(by_primary[k], alloc[k])
rng.shuffle(chosen)
shared = chosen[:25]
for b in range(8):
    batch = shared + chosen[b::8]
    rng.shuffle(batch)
    with open(f'in/batch-{b}.jsonl', 'w') as f:
        for n, p in enumerate(batch):
            f.write(json.dumps({'n': n, 'id': p['id'], 'title': p['title'], 'categories': p['categories'],
                                'abstract': p['abstract']}, ensure_ascii=False) + '\n')
print(len(chosen), 'papers;', len(shared) + len(chosen[0::8]), 'per batch')
