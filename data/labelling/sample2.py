"""Round 2: 800 more papers for training only, drawn from papers that mention the
weak topics' vocabulary (inference, peft, quantization, scaling, interpretability,
training, alignment, attention), seed 20251204, none labelled before."""
import gzip, json, random, re
rng = random.Random(20251204)
plan = json.load(open('plan.json'))
done = set(plan['random']) | set(plan['enriched'])
pat = {
 'inference': r"kv[- ]cache|speculative decoding|serving|inference (efficiency|latency|cost|acceleration)|early exit|token pruning|throughput|decoding (speed|efficien)",
 'peft': r"\blora\b|low-rank adaptation|adapter|prompt tuning|parameter-efficient|peft|prompt optimi[sz]ation",
 'quantization': r"quantiz|pruning|knowledge distillation|model compression|low-bit|sparsif",
 'scaling': r"scaling law|compute-optimal|test-time scaling|test-time compute|scaling behavio",
 'interpretability': r"sparse autoencoder|mechanistic|interpretab|probing|circuit|neurons?\b",
 'training': r"pre-?training|data mixture|optimizer|curriculum|data selection|model editing|continual pre",
 'alignment': r"rlhf|\bdpo\b|reward model|grpo|preference optimi|instruction tuning|verifiable reward",
 'attention': r"linear attention|sparse attention|mamba|state[- ]space model|mixture[- ]of[- ]experts|positional (encoding|embedding)|attention heads?",
}
pools = {k: [] for k in pat}
papers = {}
for line in gzip.open('../shared/corpus/arxiv-ml-2025.jsonl.gz', 'rt'):
    d = json.loads(line)
    if d['id'] in done or not d.get('abstract'): continue
    text = d['title'] + ' ' + d['abstract']
    for k, p in pat.items():
        if re.search(p, text, re.I):
            pools[k].append(d['id']); papers[d['id']] = d
chosen = []
for k in sorted(pools):
    ids = sorted(set(pools[k]) - set(chosen))
    chosen += rng.sample(ids, min(100, len(ids)))
rng.shuffle(chosen)
json.dump(chosen, open('plan2.json', 'w'))
for b in range(4):
    with open(f'in/r2-{b}.jsonl', 'w') as f:
        for n, pid in enumerate(chosen[b::4]):
            d = papers[pid]
            f.write(json.dumps({'n': n, 'id': pid, 'title': d['title'], 'categories': d['categories'], 'abstract': d['abstract']}, ensure_ascii=False) + '\n')
print(len(chosen), {k: len(v) for k, v in pools.items()})
