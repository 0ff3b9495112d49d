#!/usr/bin/env python3
"""TextTiling (NLTK) as a peer baseline for the segment stage's boundaries (issue 3).

Each non-blank line is one paragraph for TextTiling; a boundary counts when a TextTiling
segment starts on the first line of a gold article (the first article's start is not a
boundary). Scores an unannotated-format dump file (`seed.txt`, gold beside it as
`seed.gold.json`) or a `dumps.dev.jsonl`. Needs `pip install nltk numpy` (not a project
dependency; the NLTK stopword corpus is replaced by the segment stage's own list).

    python3 scripts/texttiling_baseline.py ../shared/data/seed/seed.txt
    python3 scripts/texttiling_baseline.py ../shared/data/dumps.dev.jsonl
"""
import json
import os
import sys
from nltk.tokenize.texttiling import TextTilingTokenizer
stop=[w for l in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'crates', 'core', 'data', 'segment', 'stopwords.txt')) if not l.startswith('#') for w in l.split()]
tt=TextTilingTokenizer(stopwords=stop)
def run(text, starts):
    # one paragraph per non-blank line, as TextTiling reads paragraphs
    lines=[];o=0
    for ln in text.split('\n'):
        if ln.strip(): lines.append((o,ln))
        o+=len(ln)+1
    joined='\n\n'.join(l for _,l in lines)
    try:
        segs=tt.tokenize(joined)
    except Exception as e:
        print('texttiling failed:', e, file=sys.stderr)
        segs=[joined]
    # map segment starts to line indices
    pred=set()
    k=0
    for s in segs[:-1]:
        k+=len([p for p in s.split('\n\n') if p.strip()])
        if k<len(lines): pred.add(lines[k][0])
    gold=set(starts)-{lines[0][0]}
    return pred,gold
tp=fp=fn=0
path=sys.argv[1]
if path.endswith('.jsonl'):
    items=[json.loads(l) for l in open(path)]
    items=[(d['text'],[a['start'] for a in d['articles']]) for d in items]
else:
    g=json.load(open(path.replace('.txt','.gold.json')))
    items=[(open(path).read(),[a['start'] for a in g['articles']])]
for text,starts in items:
    p,gd=run(text,starts)
    tp+=len(p&gd); fp+=len(p-gd); fn+=len(gd-p)
P=tp/max(1,tp+fp); R=tp/max(1,tp+fn)
print(f"tp {tp} fp {fp} fn {fn} P {P:.3f} R {R:.3f} F1 {2*P*R/max(1e-9,P+R):.3f}")
