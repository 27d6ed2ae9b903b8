"""Round 3 (issue 23), seed 20261206. Run from a scratch folder holding `in/`:
    python3 sample3.py CORPUS.jsonl.gz REPO/data/labelled

1. Narrow topics: every corpus paper whose title or abstract matches a topic's
   broad pattern (wide enough that a paper about the topic hardly escapes it) is a
   candidate, labelled yes or no for that topic alone: in/narrow-<topic>.jsonl.
   Papers no pattern matches are outside the topic. 30 candidates of each topic
   go to a second labeller too: in/narrow-double.jsonl.
2. Where the shipped model is weakest: 240 papers filed outside cs.CL, cs.LG,
   cs.AI and cs.CV (stratified by primary category) and 200 that mention the
   vocabulary of safety, alignment, applied domains or serving, none labelled
   before, labelled with all 17 topics in two batches that share 40 papers:
   in/weak-0.jsonl, in/weak-1.jsonl."""
import gzip, json, random, re, sys, collections

rng = random.Random(20261206)
corpus_path, labelled_dir = sys.argv[1], sys.argv[2]
NARROW = {
    'speculative-decoding': r"speculative|draft (model|token)s?|drafter|draft-then-verify|medusa|\beagle-?\d?\b|lookahead decoding",
    'kv-cache': r"kv[- ]?cache|key[- ]value (cache|stat)|kv (compression|eviction|quantization)",
    'mixture-of-experts': r"mixture[- ]of[- ]experts|\bmoe\b|expert (routing|parallel)|sparse experts",
    'tool-use': r"\btools?[- ]?(use|using|call|calling|learning|augmented|invocation|integrated)|function[- ]call|\bapi (call|calls|usage)\b|tool-?use",
    'jailbreak': r"jail-?break",
}
WEAK = r"safety|harmful|jailbreak|privacy|fairness|\bbias|unlearning|backdoor|adversarial|watermark|toxic|rlhf|\bdpo\b|reward model|preference|alignment|medical|clinical|financ|legal|climate|chemistr|biolog|protein|drug|material|serving|inference (latency|cost|efficien)|throughput|edge device"
CORE = {'cs.CL', 'cs.LG', 'cs.AI', 'cs.CV'}
seen = set()
for name in ('train', 'test'):
    seen |= {json.loads(l)['id'] for l in open(f'{labelled_dir}/{name}.jsonl')}
papers = [json.loads(l) for l in gzip.open(corpus_path, 'rt')]
papers = [p for p in papers if p.get('abstract')]

def row(n, p):
    return json.dumps({'n': n, 'id': p['id'], 'title': p['title'], 'categories': p['categories'],
                       'abstract': p['abstract']}, ensure_ascii=False) + '\n'

double = []
for topic, pattern in NARROW.items():
    found = [p for p in papers if re.search(pattern, p['title'] + ' ' + p['abstract'], re.I)]
    with open(f'in/narrow-{topic}.jsonl', 'w') as f:
        f.writelines(row(n, p) for n, p in enumerate(found))
    double += [(topic, p) for p in rng.sample(found, min(30, len(found)))]
    print(topic, len(found))
rng.shuffle(double)
with open('in/narrow-double.jsonl', 'w') as f:
    for n, (topic, p) in enumerate(double):
        f.write(row(n, p)[:-2] + f', "topic": "{topic}"}}\n')

fresh = [p for p in papers if p['id'] not in seen]
outside = collections.defaultdict(list)
for p in fresh:
    if not set(p['categories']) & CORE:
        outside[p['primary_category']].append(p)
total = sum(len(v) for v in outside.values())
chosen = []
for cat in sorted(outside):
    share = max(1, round(240 * len(outside[cat]) / total))
    chosen += rng.sample(outside[cat], min(share, len(outside[cat])))
chosen = chosen[:240]
taken = {p['id'] for p in chosen}
weak = [p for p in fresh if p['id'] not in taken and set(p['categories']) & CORE
        and re.search(WEAK, p['title'] + ' ' + p['abstract'], re.I)]
chosen += rng.sample(weak, 200)
rng.shuffle(chosen)
shared = chosen[:40]
for b in range(2):
    batch = shared + chosen[40 + b::2]
    with open(f'in/weak-{b}.jsonl', 'w') as f:
        f.writelines(row(n, p) for n, p in enumerate(batch))
print('weak', len(chosen), 'outside core', len(taken))
