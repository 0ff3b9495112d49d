#!/usr/bin/env python3
"""Error analysis of readout's dates on the TempEval-3 training documents.

Run `cargo xtask eval timeml --shared SHARED` first (it writes eval/out/timeml/pred), then

    python3 scripts/timeml_errors.py --shared /work/shared [--show CATEGORY[,CATEGORY]] [--kinds wrong,miss,fp]

It matches gold DATE timexes to readout's dates exactly as score.py does (any overlap, one
to one, greedy), sorts every gold timex and every prediction into ok / wrong value / miss /
false positive, puts each into a category by its words (weekday, week, quarter, "since",
stretch, PRESENT_REF/PAST_REF/FUTURE_REF, …) and prints the counts per category. With
--show it lists the cases of those categories with their context. Standard library only.
"""
import argparse
import collections
import os
import re
import sys

WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
MONTH_ABBR = r"(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def category(r):
    """The category of one case, by the words of its gold (else predicted) span."""
    t = (r.get("gtext") or r.get("ptext") or "").lower()
    pt = (r.get("ptext") or "").lower()
    gv, pv = r.get("gv") or "", r.get("pv") or ""
    if gv in REFS:
        return "ref-miss" if r["kind"] == "miss" else "ref-other"
    if pt.startswith("since "):
        return "since"
    if "/" in pv and r["kind"] == "fp":
        return "stretch (gold DURATION or none)"
    if "weekend" in t:
        return "weekend"
    if re.search(r"year (ago|earlier)|year-(ago|earlier)", t):
        return "year-ago"
    after = r["ctx"][r["ctx"].find("]"):][:12].lower()
    if re.search(WEEKDAY, t) and re.search(r"night|morning|evening|afternoon|a\.m|p\.m|noon", t + after):
        return "weekday+time of day"
    if re.search(WEEKDAY, t):
        return "weekday"
    if "week" in t:
        return "week"
    if "quarter" in t or "period" in t:
        return "quarter"
    if re.search(r"centur|\d0s\b|decade", t):
        return "decade/century"
    if re.search(r"recent|past|last (few|several)", t):
        return "recent"
    if re.search(r"\bago\b|earlier|later", t):
        return "ago/later"
    if re.search(r"(%s|%s)\.? \d" % (MONTH, MONTH_ABBR), t):
        return "month-day"
    if re.search(MONTH, t):
        return "month"
    if re.fullmatch(r"(fiscal )?\d{4}", t):
        return "year"
    if re.search(r"(this|last|next|current) (year|month)", t):
        return "this/last year/month"
    if re.search(r"today|yesterday|tomorrow|tonight", t):
        return "today"
    if re.search(r"year.end|year.s end|end of", t):
        return "year-end"
    if re.search(r"spring|summer|fall|autumn|winter", t):
        return "season"
    if re.search(r"\b(day|days|weeks?|months?|years?)\b", t):
        return "bare unit"
    return "other"


def cases(score, tml_dir, pred_dir):
    """Every gold DATE timex and every prediction, sorted into ok / wrong / miss / fp."""
    rows = []
    for path in score.timeml_files(tml_dir):
        name = os.path.basename(path)[:-4]
        text, dct, timexes = score.read_timeml(path)
        gold = [(score.trim(text, s, e), v) for s, e, t, v in timexes if t == "DATE"]
        other = [(score.trim(text, s, e), t, v) for s, e, t, v in timexes if t != "DATE"]
        pp = os.path.join(pred_dir, name + ".json")
        dates = score.load_json(pp).get("dates", []) or [] if os.path.exists(pp) else []
        pred = [(score.trim(text, *score.span(d)), str(d.get("value"))) for d in dates if score.span(d)]
        m = score.greedy_match([g[0] for g in gold], [p[0] for p in pred],
                               lambda a, b: 1.0 if score.overlap(a, b) > 0 else 0.0, 1.0)
        by_gold = {gi: pi for gi, pi, _ in m}

        def ctx(sp, w=60):
            s, e = sp
            return (text[max(0, s - w):s] + "[" + text[s:e] + "]" + text[e:e + w]).replace("\n", " ")

        base = {"doc": name, "dct": (dct or "")[:10]}
        for gi, (gs, gv) in enumerate(gold):
            r = dict(base, gtext=text[gs[0]:gs[1]], gv=gv, ctx=ctx(gs))
            if gi in by_gold:
                ps, pv = pred[by_gold[gi]]
                r.update(kind="ok" if pv == gv else "wrong", ptext=text[ps[0]:ps[1]], pv=pv)
            else:
                r.update(kind="miss")
            rows.append(r)
        matched = set(by_gold.values())
        for pi, (ps, pv) in enumerate(pred):
            if pi in matched:
                continue
            ot = [o for o in other if score.overlap(o[0], ps) > 0]
            rows.append(dict(base, kind="fp", ptext=text[ps[0]:ps[1]], pv=pv, ctx=ctx(ps),
                             other="%s %s" % (ot[0][1], ot[0][2]) if ot else ""))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared", help="the shared data folder (eval/score.py, data/tempeval3)")
    ap.add_argument("--pred", default="eval/out/timeml/pred", help="readout's predictions, one JSON per document")
    ap.add_argument("--show", default="", help="comma-separated categories to list case by case")
    ap.add_argument("--kinds", default="wrong,miss,fp", help="which kinds --show lists")
    a = ap.parse_args()
    sys.path.insert(0, os.path.join(a.shared, "eval"))
    import score  # noqa: E402 (the shared scorer, found through --shared)

    rows = cases(score, os.path.join(a.shared, "data", "tempeval3"), a.pred)
    table = collections.defaultdict(collections.Counter)
    for r in rows:
        r["category"] = category(r)
        table[r["category"]][r["kind"]] += 1
    print("%-32s %5s %6s %5s %5s" % ("category", "ok", "wrong", "miss", "fp"))
    for c in sorted(table, key=lambda c: -sum(v for k, v in table[c].items() if k != "ok")):
        x = table[c]
        print("%-32s %5d %6d %5d %5d" % (c, x["ok"], x["wrong"], x["miss"], x["fp"]))
    tot = collections.Counter(r["kind"] for r in rows)
    ok, n_pred = tot["ok"], tot["ok"] + tot["wrong"] + tot["fp"]
    n_gold = tot["ok"] + tot["wrong"] + tot["miss"]
    print("ok %d, wrong %d, miss %d, fp %d: value P %.4f R %.4f F1 %.4f" % (
        ok, tot["wrong"], tot["miss"], tot["fp"], ok / max(n_pred, 1), ok / max(n_gold, 1),
        2 * ok / max(n_pred + n_gold, 1)))
    show, kinds = set(filter(None, a.show.split(","))), set(a.kinds.split(","))
    for r in rows:
        if r["category"] in show and r["kind"] in kinds:
            print("%-5s %s %s | gold %r %s | readout %r %s %s || %s" % (
                r["kind"], r["doc"], r["dct"], r.get("gtext"), r.get("gv"), r.get("ptext"),
                r.get("pv"), r.get("other", ""), r["ctx"]))


if __name__ == "__main__":
    main()
