"""Assembles round 3 (issue 23) from the labellers' files, run in the folder that
holds `in/` and `out/`:
    python3 assemble3.py CORPUS.jsonl.gz REPO/data/labelled [SECOND_PASS]

- narrow-topics.jsonl: every candidate of the five narrow topics with `topic`,
  `in` (the labeller's verdict), `published` and `found_by`: `pattern` for the
  candidates, `model` for the papers of SECOND_PASS (a folder with in/ and out/
  `unjudged-*.jsonl`): papers the trained topics took in `label_curve --narrow`
  that no pattern matched, judged the same way afterwards;
- narrow-second-labeller.jsonl: the 150 candidates labelled twice (`first`, `second`);
- round 3 of the 17-topic labels: the weak-vocabulary papers and half of the papers
  filed outside the core categories (by a hash of the id) are round3.jsonl (origin
  `round3`, for training; the shipped model does not use them yet); the other half
  of the outside-core papers is outside-core-check.jsonl, never trained on. Where the two labellers of the 40
  shared papers differ, the first's labels are kept."""
import collections, gzip, hashlib, json, sys

corpus_path, out_dir = sys.argv[1], sys.argv[2]
SLUGS = set("attention inference quantization peft alignment safety training scaling evaluation reasoning "
            "agents multimodal retrieval interpretability multilingual code domain".split())
CORE = {'cs.CL', 'cs.LG', 'cs.AI', 'cs.CV'}
corpus = {}
for line in gzip.open(corpus_path, 'rt'):
    d = json.loads(line)
    corpus[d['id']] = d

def read(path):
    return [json.loads(l) for l in open(path) if l.strip()]

def paired(name):
    """The labeller's lines, checked one for one against the input."""
    given, got = read(f'in/{name}.jsonl'), read(f'out/{name}.jsonl')
    assert [g['id'] for g in given] == [o['id'] for o in got], f'{name}: ids differ from the input'
    return list(zip(given, got))

def paper(pid, **extra):
    d = corpus[pid]
    return dict(id=pid, title=d['title'], abstract=d['abstract'], categories=d['categories'], **extra)

narrow = []
first = {}
for topic in ['jailbreak', 'kv-cache', 'mixture-of-experts', 'speculative-decoding', 'tool-use']:
    rows = paired(f'narrow-{topic}')
    for given, got in rows:
        assert isinstance(got['yes'], bool)
        narrow.append(paper(given['id'], published=corpus[given['id']]['published'][:10], topic=topic,
                            found_by='pattern', **{'in': got['yes']}))
        first[(topic, given['id'])] = got['yes']
    print(f'{topic}: {len(rows)} candidates, {sum(g["yes"] for _, g in rows)} in')
if len(sys.argv) > 3:
    import glob, os
    for path in sorted(glob.glob(f'{sys.argv[3]}/in/unjudged-*.jsonl')):
        given = read(path)
        got = read(path.replace('/in/', '/out/'))
        assert [(g['id'], g['topic']) for g in given] == [(o['id'], o['topic']) for o in got], path
        for g, o in zip(given, got):
            assert (g['topic'], g['id']) not in first, g
            narrow.append(paper(g['id'], published=corpus[g['id']]['published'][:10], topic=g['topic'],
                                found_by='model', **{'in': o['yes']}))
        print(f'{os.path.basename(path)}: {len(got)} judged, {sum(o["yes"] for o in got)} in')
with open(f'{out_dir}/narrow-topics.jsonl', 'w') as f:
    f.writelines(json.dumps(r, ensure_ascii=False) + '\n' for r in narrow)
agree = collections.Counter()
with open(f'{out_dir}/narrow-second-labeller.jsonl', 'w') as f:
    for given, got in paired('narrow-double'):
        assert got['topic'] == given['topic']
        a, b = first[(given['topic'], given['id'])], got['yes']
        agree[given['topic'], a, b] += 1
        f.write(json.dumps({'id': given['id'], 'topic': given['topic'], 'first': a, 'second': b}) + '\n')
for topic in sorted({t for t, _, _ in agree}):
    both, only1, only2, neither = (agree[topic, True, True], agree[topic, True, False],
                                   agree[topic, False, True], agree[topic, False, False])
    print(f'  agreement {topic}: {both + neither}/30, F1 {2 * both / (2 * both + only1 + only2):.2f}')

weak = {}
second = {}
for b in range(2):
    for given, got in paired(f'weak-{b}'):
        topics = sorted(set(got['topics']))
        assert set(topics) <= SLUGS, got
        (second if given['id'] in weak else weak)[given['id']] = topics
tp = fp = fn = exact = 0
for pid, b in second.items():
    a = set(weak[pid]); b = set(b)
    tp += len(a & b); fp += len(b - a); fn += len(a - b); exact += a == b
print(f'weak: {len(weak)} papers; the 40 shared: micro-F1 {2 * tp / (2 * tp + fp + fn):.3f}, {exact} identical')
train, check = [], []
for pid, topics in weak.items():
    row = paper(pid, topics=topics, origin='round3')
    outside = not set(corpus[pid]['categories']) & CORE
    if outside and hashlib.sha1(pid.encode()).digest()[0] % 2:
        check.append(dict(row, origin='outside-core'))
    else:
        train.append(row)
train.sort(key=lambda r: r['id']); check.sort(key=lambda r: r['id'])
with open(f'{out_dir}/round3.jsonl', 'w') as f:
    f.writelines(json.dumps(r, ensure_ascii=False) + '\n' for r in train)
with open(f'{out_dir}/outside-core-check.jsonl', 'w') as f:
    f.writelines(json.dumps(r, ensure_ascii=False) + '\n' for r in check)
print(f'round 3: {len(train)} papers in round3.jsonl, {len(check)} outside-core papers held out')
