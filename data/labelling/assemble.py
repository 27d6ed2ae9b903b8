import json, gzip, hashlib, collections
SLUGS = "attention inference quantization peft alignment safety training scaling evaluation reasoning agents multimodal retrieval interpretability multilingual code domain".split()
plan = json.load(open('plan.json')); owner = json.load(open('owner.json'))
labels = {}  # (batch, id) -> topics ; last entry wins
for k in range(7):
    for line in open(f'out/batch-{k}.jsonl'):
        line=line.strip()
        if not line: continue
        d = json.loads(line)
        t = [x for x in d['topics'] if x in SLUGS]
        assert len(t) == len(d['topics']), d
        labels[(k, d['id'])] = sorted(set(t))
# coverage
for k in range(7):
    ids = [json.loads(l)['id'] for l in open(f'in/batch-{k}.jsonl')]
    miss = [i for i in ids if (k, i) not in labels]
    print(k, len(ids), 'missing', len(miss))
# agreement
tp=fp=fn=0; per=collections.defaultdict(lambda:[0,0,0]); exact=0
for pid in plan['double']:
    a = set(labels[(owner[pid], pid)]); b = set(labels[((owner[pid]+1) % 7, pid)])
    exact += a==b
    for s in SLUGS:
        if s in a and s in b: per[s][0]+=1; tp+=1
        elif s in b: per[s][1]+=1; fp+=1
        elif s in a: per[s][2]+=1; fn+=1
p=tp/(tp+fp); r=tp/(tp+fn); print('agreement micro-F1 %.3f (P %.3f R %.3f) exact %d/300' % (2*p*r/(p+r), p, r, exact))
for s in SLUGS:
    t,f,n = per[s]; print(f'  {s:16} both {t:3} onlyB {f:3} onlyA {n:3} F1 {2*t/max(1,2*t+f+n):.2f}')
corpus = {}
wanted = set(plan['random']) | set(plan['enriched'])
for line in gzip.open('../shared/corpus/arxiv-ml-2025.jsonl.gz','rt'):
    d=json.loads(line)
    if d['id'] in wanted: corpus[d['id']]=d
ranked = sorted(plan['random'], key=lambda pid: hashlib.sha256(('test:'+pid).encode()).hexdigest())
TEST = set(ranked[:len(ranked)//5])
def test_split(pid):
    return pid in TEST
rows = []
for origin in ('random','enriched'):
    for pid in plan[origin]:
        d = corpus[pid]
        split = 'test' if origin=='random' and test_split(pid) else 'train'
        rows.append({'id':pid,'title':d['title'],'abstract':d['abstract'],'categories':d['categories'],'topics':labels[(owner[pid],pid)],'split':split,'origin':origin})
# Round 2: training only; the last line for an id wins.
round2 = json.load(open('plan2.json'))
r2labels = {}
for b in range(4):
    for line in open(f'out/r2-{b}.jsonl'):
        if line.strip():
            d = json.loads(line)
            assert all(t in SLUGS for t in d['topics']), d
            r2labels[d['id']] = sorted(set(d['topics']))
missing2 = [p for p in round2 if p not in r2labels]
print('round2 missing', len(missing2))
r2papers = {}
for line in gzip.open('../shared/corpus/arxiv-ml-2025.jsonl.gz','rt'):
    d=json.loads(line)
    if d['id'] in r2labels: r2papers[d['id']]=d
for pid in round2:
    if pid in r2labels:
        d = r2papers[pid]
        rows.append({'id':pid,'title':d['title'],'abstract':d['abstract'],'categories':d['categories'],'topics':r2labels[pid],'split':'train','origin':'round2'})
rows.sort(key=lambda r: r['id'])
c = collections.Counter(r['split'] for r in rows); print(c)
tc = collections.Counter(t for r in rows for t in r['topics']); print(tc.most_common())
print('empty', sum(1 for r in rows if not r['topics']))
for split in ('train','test'):
    with open(f'labelled-{split}.jsonl','w') as f:
        for r in rows:
            if r['split']==split:
                f.write(json.dumps({k:r[k] for k in ('id','title','abstract','categories','topics','origin')}, ensure_ascii=False)+'\n')
with open('second-labeller.jsonl','w') as f:
    for pid in sorted(plan['double']):
        f.write(json.dumps({'id':pid,'first':labels[(owner[pid],pid)],'second':labels[((owner[pid]+1)%7,pid)]})+'\n')
