"""Draw the papers to label from the real 2025 corpus, reproducibly.

- 2,500 papers at random, stratified by primary category (proportional allocation,
  largest remainders), seed 20251203.
- 300 "enriched" papers for rare topics (a keyword pre-filter over the rest of the corpus),
  used for training only, never for testing.
- 300 of the random 2,500 are labelled a second time by a different labeller (agreement).
"""
import gzip, json, random, re, collections, sys
SEED = 20251203
rng = random.Random(SEED)
papers = [json.loads(l) for l in gzip.open(sys.argv[1], 'rt')]
papers = [p for p in papers if p.get('abstract') and p.get('title')]
by_primary = collections.defaultdict(list)
for p in papers:
    by_primary[p['primary_category']].append(p)
N = 2500
total = len(papers)
quota = {k: N * len(v) / total for k, v in by_primary.items()}
alloc = {k: int(q) for k, q in quota.items()}
rest = N - sum(alloc.values())
for k in sorted(quota, key=lambda k: (-(quota[k] - alloc[k]), k))[:rest]:
    alloc[k] += 1
random_set = []
for k in sorted(by_primary):
    random_set += rng.sample(sorted(by_primary[k], key=lambda p: p['id']), alloc[k])
chosen = {p['id'] for p in random_set}
rare = re.compile(r"\b(lora|low-rank adapt|adapter|prompt tuning|peft|quantiz|pruning|sparsit|distill|scaling law|compute-optimal|kv cache|speculative decoding|attention mechanism|linear attention|mixture-of-experts|state space model|mamba|positional encoding|rlhf|preference optimization|dpo|reward model|grpo|interpretab|sparse autoencoder|probing|multilingual|low-resource language|translation|code generation|program synthesis|jailbreak|watermark)", re.I)
pool = sorted((p for p in papers if p['id'] not in chosen and rare.search(p['title'] + ' ' + p['abstract'])), key=lambda p: p['id'])
enriched = rng.sample(pool, 300)
double = rng.sample(sorted(random_set, key=lambda p: p['id']), 300)
def slim(p, origin):
    return {'id': p['id'], 'title': p['title'], 'abstract': p['abstract'], 'categories': p['categories'], 'primary_category': p['primary_category'], 'origin': origin}
json.dump({'random': [p['id'] for p in random_set], 'enriched': [p['id'] for p in enriched], 'double': [p['id'] for p in double]}, open('plan.json', 'w'))
# 7 labellers; each paper's first labeller by position; the double set goes to the next labeller too.
K = 7
items = [slim(p, 'random') for p in random_set] + [slim(p, 'enriched') for p in enriched]
rng.shuffle(items)
batches = [[] for _ in range(K)]
owner = {}
for i, it in enumerate(items):
    batches[i % K].append(it); owner[it['id']] = i % K
dset = {p['id'] for p in double}
for it in items:
    if it['id'] in dset:
        batches[(owner[it['id']] + 1) % K].append(it)
for k, b in enumerate(batches):
    rng.shuffle(b)
    with open(f'in/batch-{k}.jsonl', 'w') as f:
        for n, it in enumerate(b):
            d = {'n': n, **{x: it[x] for x in ('id', 'title', 'categories', 'abstract')}}
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
json.dump(owner, open('owner.json', 'w'))
print([len(b) for b in batches])
