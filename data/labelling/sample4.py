"""Round 4 (issue 23), seed 20261207. Run from a scratch folder:
    python3 sample4.py CORPUS.jsonl.gz REPO/data/labelled SCORES.jsonl

SCORES.jsonl holds, per corpus paper, the shipped model's probability of each
topic as a fraction of its threshold (`{"id", "r": {slug: ratio}}`), written by
`cargo run --release --example topic_experiment -- score CORPUS SCORES`.
None of the papers was labelled before. Drawn:
1. 150 papers filed outside cs.CL, cs.LG, cs.AI and cs.CV, at random, stratified
   by primary category (what a user who tracks those categories sees);
2. 150 more outside them where the model is unsure: some topic's ratio is
   between 0.5 and 2 (near its threshold);
3. 200 in the core categories where it is unsure of safety, alignment,
   training, inference or domain (ratio between 0.6 and 1.6), 40 per topic.
30 of them (drawn from all three parts) go to all five labellers, for
agreement, and the other 470 to one each (94 a labeller): in/batch-<k>.jsonl."""
import gzip, json, random, sys, collections

rng = random.Random(20261207)
corpus_path, labelled_dir, scores_path = sys.argv[1:4]
CORE = {'cs.CL', 'cs.LG', 'cs.AI', 'cs.CV'}
WEAK = ['safety', 'alignment', 'training', 'inference', 'domain']
seen = set()
for name in ('train', 'test', 'round3', 'outside-core-check', 'narrow-topics'):
    seen |= {json.loads(l)['id'] for l in open(f'{labelled_dir}/{name}.jsonl')}
ratios = {}
for line in open(scores_path):
    row = json.loads(line)
    ratios[row['id']] = row['r']
papers = [json.loads(l) for l in gzip.open(corpus_path, 'rt')]
fresh = [p for p in papers if p.get('abstract') and p['id'] not in seen]
fresh.sort(key=lambda p: p['id'])

def unsure(p, topics, low, high):
    return any(low <= ratios[p['id']].get(t, 0) <= high for t in topics)

outside = collections.defaultdict(list)
for p in fresh:
    if not set(p['categories']) & CORE:
        outside[p['primary_category']].append(p)
total = sum(len(v) for v in outside.values())
chosen = []
for cat in sorted(outside):
    share = max(1, round(150 * len(outside[cat]) / total))
    chosen += rng.sample(outside[cat], min(share, len(outside[cat])))
chosen = chosen[:150]
taken = {p['id'] for p in chosen}
slugs = sorted(next(iter(ratios.values())))
near = [p for v in outside.values() for p in v if p['id'] not in taken and unsure(p, slugs, 0.5, 2.0)]
near.sort(key=lambda p: p['id'])
chosen += rng.sample(near, 150)
taken = {p['id'] for p in chosen}
for topic in WEAK:
    pool = [p for p in fresh if p['id'] not in taken and set(p['categories']) & CORE
            and unsure(p, [topic], 0.6, 1.6)]
    picked = rng.sample(pool, 40)
    chosen += picked
    taken |= {p['id'] for p in picked}
rng.shuffle(chosen)

def row(n, p):
    return json.dumps({'n': n, 'id': p['id'], 'title': p['title'], 'categories': p['categories'],
                       'abstract': p['abstract']}, ensure_ascii=False) + '\n'

shared, rest = chosen[:30], chosen[30:]
for b in range(5):
    batch = shared + rest[b::5]
    rng.shuffle(batch)
    with open(f'in/batch-{b}.jsonl', 'w') as f:
        f.writelines(row(n, p) for n, p in enumerate(batch))
print('chosen', len(chosen), 'shared', len(shared), 'per batch', len(shared) + len(rest[0::5]))
