#!/usr/bin/python3
"""Writes data/dev/freeform-blind.jsonl: free-form, multi-constraint instructions for measuring the model-free
constraint reader on phrasings it was not tuned on (written before reading the parser; see
benchmarks/results/instruction-following.md, "Blind set").

Each item: a task (blog post, email, recipe...) with 3-6 hard constraints worded in varied ways and 1-2 soft asks.
The chosen answer meets every hard constraint; the rejected one breaks exactly one (named in "rule"; the row's
family is that constraint's family). Family soft_only: the answers differ only in tone and must tie.
An independent checker below (the writer's counting rules of docs/instruction-following.md) asserts that every
chosen answer passes and every rejected answer fails exactly the named constraint.

Usage: /usr/bin/python3 data/dev/make_blind.py   (deterministic; no arguments)"""
import json, os, random, re

TASKS = [
    ("Write a blog post about urban beekeeping for people who live in apartments", "urban beekeeping"),
    ("Draft an email to a landlord asking for a repair to a leaking kitchen sink", "the sink repair"),
    ("Write a product description for a folding bicycle aimed at commuters", "this folding bicycle"),
    ("Create a lesson plan outline for teaching fractions to fourth graders", "fraction practice"),
    ("Tell a short story about a lighthouse keeper who finds a stray dog", "the lighthouse keeper"),
    ("Write a recipe introduction for a weeknight lentil soup", "lentil soup"),
    ("Write a cover letter for a junior data analyst position at a logistics firm", "data analysis"),
    ("Put together an FAQ page for a community garden that is opening next month", "the community garden"),
    ("Write a short speech for a retirement party honoring a school librarian", "our librarian"),
    ("Write a travel guide entry about visiting Lisbon in the off season", "off season travel"),
    ("Explain to a new employee how the expense reimbursement process works", "expense claims"),
    ("Write a newsletter update for members of a neighborhood running club", "the running club"),
    ("Write a review of a fictional sci-fi novel called The Glass Orbit", "the novel"),
    ("Write a pitch for a mobile app that helps people track houseplant watering", "plant care"),
    ("Write a guide on preparing for a first marathon", "marathon training"),
    ("Describe the benefits of learning a second language as an adult", "language learning"),
    ("Write an announcement for a library that is extending its weekend hours", "the weekend hours"),
    ("Write a motivational note to a team that just missed a product deadline", "the next release"),
    ("Write a museum placard text for an exhibit on early photography", "early photography"),
    ("Give advice to a college freshman on managing their time", "time management"),
    ("Write a customer apology for a delayed online furniture order", "the delayed order"),
    ("Write a wedding toast for a sister who loves mountain climbing", "my sister"),
    ("Summarize the pros and cons of remote work for a small company", "remote work"),
    ("Write an onboarding message for volunteers at an animal shelter", "shelter volunteering"),
]

SOFT = ["Keep the tone warm and encouraging.", "Write it for a general audience with no jargon.",
        "Aim it at busy parents.", "Focus on practical, concrete advice.", "The tone should be upbeat but professional.",
        "Make it feel friendly rather than formal.", "Assume the reader is a complete beginner.",
        "Keep the focus on cost and convenience.", "Use a calm, reassuring voice.", "Write for a teenage audience."]

# Filler sentences: no commas, no digits, first word capitalized, nothing else capitalized, no keyword below.
FILLER = [
    "Good planning makes {T} much easier.", "Most people learn {T} by simply doing it.",
    "Small habits shape how {T} turns out.", "Nobody masters {T} in a single week.",
    "Patience pays off with {T} every time.", "Quiet practice builds real skill.",
    "Every expert started out as a beginner.", "Clear goals keep the work focused and fun.",
    "A short checklist helps more than you might expect.", "Honest feedback improves the result over time.",
    "Weekly reviews keep everything on track.", "It helps to share the load with friends.",
    "Tools matter less than steady effort.", "Visiting experts can show new tricks.",
    "Young learners often pick this up quickly.", "Old notes remind us what worked before.",
    "Useful resources are easy to find online.", "Early mistakes teach the best lessons.",
    "Keen observers notice small changes first.", "Real progress shows up after a month.",
    "Friendly neighbors are often glad to help.", "Long evenings are perfect for a little reading.",
    "Better results come from simple routines.", "Ordinary days hold plenty of good moments.",
]
EXTEND = ["with real care", "for the whole family", "in every season", "at a steady pace", "without much fuss",
          "from the very start", "on most days", "in plain sight", "over the long run", "by the end of spring"]
TONE = {"easier": "harder", "fun": "dull", "best": "worst", "glad": "loath", "perfect": "useless",
        "good": "bad", "Real": "Slow", "Friendly": "Grumpy", "Honest": "Harsh", "Better": "Bleak"}
KEYWORDS = ["lantern", "compass", "harvest", "ledger", "ribbon", "anchor", "meadow", "pebble", "candle",
            "orchard", "journal", "kettle", "saddle", "glacier", "tunnel", "whistle", "blanket", "signal"]
INFLECT = {"lantern": "lanterns", "compass": "compasses", "harvest": "harvesting", "ledger": "ledgers",
           "ribbon": "ribbons", "anchor": "anchored", "meadow": "meadows", "pebble": "pebbles", "candle": "candles",
           "orchard": "orchards", "journal": "journaling", "kettle": "kettles", "saddle": "saddled",
           "glacier": "glaciers", "tunnel": "tunneling", "whistle": "whistled", "blanket": "blankets",
           "signal": "signaled"}
NUMW = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def num(rng, n):
    return NUMW[n] if n in NUMW and rng.random() < 0.5 else str(n)


# ---------------------------------------------------------------- the answer: a small document model
class Doc:
    def __init__(self, rng, topic, n_paras=2, per_para=3):
        self.rng, self.topic = rng, topic
        self.pool = list(FILLER)
        rng.shuffle(self.pool)
        self.title = None              # (wrapper, text)
        self.start = None              # exact opening words
        self.blocks = [{"t": "para", "s": [self.sent() for _ in range(per_para)]} for _ in range(n_paras)]
        self.sep = "\n\n"              # between paragraph blocks
        self.end = None                # exact closing phrase (its own sentence at the end)
        self.ps = None
        self.case = None
        self.quote = False
        self.json = None
        self.end_line = None
        self.lead = None               # text before a JSON object (break)

    def sent(self):
        if not self.pool:
            self.pool = list(FILLER)
        return self.pool.pop().replace("{T}", self.topic)

    def paras(self):
        return [b for b in self.blocks if b["t"] == "para"]

    def all_sents(self):
        return [s for b in self.paras() for s in b["s"]]

    def render(self):
        if self.json:
            obj = {"title": self.topic.capitalize(), "summary": " ".join(self.all_sents())}
            return (self.lead or "") + json.dumps(obj, indent=2)
        out = []
        if self.title:
            w, t = self.title
            out.append({"<<": f"<<{t}>>", "[[": f"[[{t}]]", "**": f"**{t}**", "#": f"# {t}", "<": f"<{t}>",
                        "plain": t}[w])
        body = []
        for i, b in enumerate(self.blocks):
            if b["t"] == "para":
                text = " ".join(b["s"])
                if i == 0 and self.start:
                    text = self.start + " " + text[0].lower() + text[1:] if b["s"] else self.start
            elif b["t"] == "head":
                text = b["text"]
            elif b["t"] == "list":
                text = "\n".join(b["marker"].replace("{n}", str(k + 1)) + " " + it for k, it in enumerate(b["items"]))
            elif b["t"] == "code":
                text = "```" + b["lang"] + "\n" + "\n".join(b["lines"]) + "\n```"
            body.append((b["t"], text))
        chunks = []
        for i, (t, text) in enumerate(body):
            if i:
                prev = body[i - 1][0]
                chunks.append(self.sep if prev == "para" and t == "para" else "\n\n")
            chunks.append(text)
        out.append("".join(chunks))
        if self.end:
            if self.blocks[-1]["t"] == "para":
                out[-1] = out[-1] + " " + self.end
            else:
                out.append(self.end)
        if self.end_line:
            out.append(self.end_line)
        if self.ps:
            out.append(self.ps)
        text = "\n\n".join(o for o in out if o)
        if self.case == "lower":
            text = text.lower()
        elif self.case == "upper":
            text = text.upper()
        if self.quote:
            text = '"' + text + '"'
        return text


def extend(s, rng, k=None):
    """Lengthen a sentence without adding a sentence or a comma."""
    return s[:-1] + " " + (k or rng.choice(EXTEND)) + s[-1]


# ---------------------------------------------------------------- independent checker (writer's rules)
def strip_md(text):
    return re.sub(r"```.*?```", " ", text, flags=re.S)


def words(text):
    text = re.sub(r"(?m)^\s*([-*+]|\d+[.):]|\[Step \d+\]|#+)\s+", " ", strip_md(text))
    toks = text.split()
    return [t for t in toks if re.search(r"[A-Za-z0-9]", t) and not re.fullmatch(r"\d+[.)]|#+", t)]


def prose_blocks(text, sep=None):
    text = strip_md(text)
    parts = re.split(r"\n\s*\*\s*\*\s*\*\s*\n" if sep == "***" else r"\n\s*\n", text.strip())
    out = []
    for p in parts:
        lines = [l for l in p.strip().split("\n") if l.strip()]
        lines = [l for l in lines if not is_heading(l) and not re.fullmatch(r"\s*(\*\s*){3,}|-{3,}\s*", l)]
        if lines and not re.match(r"P\.(P\.)?S\.?", lines[0]):
            out.append("\n".join(lines))
    return out


def is_heading(l):
    l = l.strip()
    return bool(re.match(r"#{1,6} ", l) or re.fullmatch(r"\*\*[^*]+\*\*:?", l) or re.fullmatch(r"<<?[^>]+>>?", l)
                or re.fullmatch(r"\[\[[^\]]+\]\]", l)
                or (re.match(r"(Section|Part|Step|Day|Chapter)\s+([0-9]+|[IVX]+)\b", l) and not l.endswith((".", "!", "?"))))


def sentences(block):
    out = []
    for line in block.split("\n"):
        line = re.sub(r"^\s*([-*+]|\d+[.)]|\[Step \d+\])\s+", "", line)
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Za-z\"])", line.strip()) if s.strip()]
    return out


def kw_count(text, w):
    return len(re.findall(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])", text, flags=re.I))


def rel_ok(n, rel, k, k2=None):
    return {"exactly": n == k, "at least": n >= k, "at most": n <= k, "less than": n < k,
            "between": k <= n <= (k2 or 0)}[rel]


# ---------------------------------------------------------------- constraint kinds
# Each kind: prio (application order), phrase(rng, p), gold(p), apply(doc, p), brk(doc, p) -> rule, check(text, p).
KINDS = {}


def kind(name, family, prio):
    def deco(cls):
        cls.name, cls.family, cls.prio = name, family, prio
        KINDS[name] = cls()
        return cls
    return deco


def q(rng, w):
    return rng.choice(['"%s"', "'%s'", "“%s”", "%s", '"%s"'], ) % w


@kind("include", "keyword_exact", 50)
class Include:
    def phrase(self, rng, p):
        ws = p["words"]
        if len(ws) == 1:
            w = q(rng, ws[0])
            return rng.choice([f"Include the word {w}.", f"Make sure the word {w} appears somewhere in the text.",
                               f"Your response must mention {w}.", f"Be sure to work in the term {w}.",
                               f"Use the keyword {w} at least once.", f"the word {w} has to appear"])
        a, b = q(rng, ws[0]), q(rng, ws[1])
        return rng.choice([f"Include the keywords {a} and {b}.", f"Make sure to use both {a} and {b}.",
                           f"The words {a} and {b} must both appear.", f"mention {a} as well as {b}"])

    def gold(self, p):
        return [("keywords:existence", {"keywords": p["words"], "counting": "writer"})]

    def apply(self, d, p):
        for w in p["words"]:
            b = d.rng.choice(d.paras())
            i = d.rng.randrange(len(b["s"]))
            b["s"][i] = extend(b["s"][i], d.rng, "near the " + w)

    def brk(self, d, p):
        w = p["words"][-1]
        for b in d.paras():
            b["s"] = [re.sub(r"\b%s\b" % w, INFLECT[w], s) for s in b["s"]]
        return f"rejected writes '{INFLECT[w]}', not '{w}'"

    def check(self, t, p):
        return all(kw_count(t, w) for w in p["words"])


@kind("freq", "keyword_frequency", 51)
class Freq:
    def phrase(self, rng, p):
        w, n, r = q(rng, p["word"]), p["n"], p["rel"]
        nn = num(rng, n)
        if r == "at least":
            return rng.choice([f"Use the word {w} at least {nn} times.", f"The word {w} should appear {nn} or more times.",
                               f"mention {w} no fewer than {nn} times", f"Repeat the word {w} a minimum of {nn} times."])
        return rng.choice([f"Use the word {w} exactly {nn} times.", f"The word {w} must appear exactly {nn} times, no more and no less.",
                           f"include {w} precisely {nn} times"])

    def gold(self, p):
        if p["rel"] == "exactly":
            return [("keywords:frequency", {"keyword": p["word"], "frequency": p["n"], "relation": "at least", "counting": "writer"}),
                    ("keywords:frequency", {"keyword": p["word"], "frequency": p["n"] + 1, "relation": "less than", "counting": "writer"})]
        return [("keywords:frequency", {"keyword": p["word"], "frequency": p["n"], "relation": p["rel"], "counting": "writer"})]

    def apply(self, d, p):
        slots = [(b, i) for b in d.paras() for i in range(len(b["s"]))]
        d.rng.shuffle(slots)
        for b, i in slots[:p["n"]]:
            b["s"][i] = extend(b["s"][i], d.rng, "beside the " + p["word"])
        assert len(slots) >= p["n"]

    def brk(self, d, p):
        w = p["word"]
        if p["rel"] == "exactly" and d.rng.random() < 0.5:
            b = d.paras()[-1]
            b["s"][-1] = extend(b["s"][-1], d.rng, "and one more " + w)
            return f"rejected uses '{w}' {p['n'] + 1} times, not exactly {p['n']}"
        for b in d.paras():
            for i, s in enumerate(b["s"]):
                if re.search(r"\b%s\b" % w, s):
                    b["s"][i] = re.sub(r"\b%s\b" % w, INFLECT[w], s)
                    return f"one occurrence is '{INFLECT[w]}', so '{w}' appears {p['n'] - 1} times"

    def check(self, t, p):
        return rel_ok(kw_count(t, p["word"]), p["rel"], p["n"])


@kind("forbid", "forbidden_words", 52)
class Forbid:
    def phrase(self, rng, p):
        ws = p["words"]
        a = " or ".join(q(rng, w) for w in ws)
        return rng.choice([f"Do not use the words {a}.", f"Avoid the word{'s' if len(ws) > 1 else ''} {a} entirely.",
                           f"never say {a}", f"Under no circumstances should {a} appear.",
                           f"Steer clear of {a}."])

    def gold(self, p):
        return [("keywords:forbidden_words", {"forbidden_words": p["words"]})]

    def apply(self, d, p):
        pass

    def brk(self, d, p):
        w = p["words"][0]
        b = d.paras()[0]
        b["s"][-1] = extend(b["s"][-1], d.rng, "which is truly " + w)
        return f"rejected uses the forbidden word '{w}'"

    def check(self, t, p):
        return not any(kw_count(t, w) for w in p["words"])


@kind("words", "word_count", 90)
class Words:
    """Numbers are chosen after the structure is built: p['rel'] and p['target'] (chosen count), set in apply."""
    def phrase(self, rng, p):
        r, a, b = p["rel"], p["a"], p.get("b")
        if r == "at most":
            return rng.choice([f"Keep it to no more than {a} words.", f"The whole thing should be {a} words or fewer.",
                               f"stay within {a} words", f"Your response must not exceed {a} words."])
        if r == "less than":
            return rng.choice([f"Keep it under {a} words.", f"Use fewer than {a} words.", f"the answer should be shorter than {a} words"])
        if r == "at least":
            return rng.choice([f"Write at least {a} words.", f"It should run to {a} words or more.",
                               f"make it a minimum of {a} words long", f"Your answer needs to be longer than {a - 1} words."])
        return rng.choice([f"Aim for between {a} and {b} words.", f"The length should be {a}-{b} words.",
                           f"somewhere from {a} to {b} words in total"])

    def gold(self, p):
        r, a, b = p["rel"], p["a"], p.get("b")
        g = lambda rel, n: ("length_constraints:number_words", {"relation": rel, "num_words": n, "counting": "writer"})
        if r == "at most":
            return [g("less than", a + 1)]
        if r == "less than":
            return [g("less than", a)]
        if r == "at least":
            return [g("at least", a)]
        return [g("at least", a), g("less than", b + 1)]

    def _pad(self, d, n):
        sents = [(b, i) for b in d.paras() for i in range(len(b["s"]))]
        k = 0
        while len(words(d.render())) < n:
            b, i = sents[k % len(sents)]
            b["s"][i] = extend(b["s"][i], d.rng)
            k += 1

    def apply(self, d, p):
        base = len(words(d.render()))
        r = p["rel"]
        if r in ("at most", "less than"):
            a = (base // 10 + 3) * 10
            p.update(a=a)
            self._pad(d, a - 7)
        elif r == "at least":
            a = (base // 10 + 2) * 10
            p.update(a=a)
            self._pad(d, a + 1)
        else:
            a = (base // 10 + 2) * 10
            p.update(a=a, b=a + 20)
            self._pad(d, a + 8)

    def brk(self, d, p):
        r = p["rel"]
        if r in ("at most", "less than"):
            self._pad(d, p["a"] + 1 + (r == "at most"))
            return "rejected is over the word limit"
        # too short: rebuild shorter by dropping extensions
        for b in d.paras():
            b["s"] = [re.sub(r" (%s)([.!?])$" % "|".join(EXTEND), r"\2", s) for s in b["s"]]
        if len(words(d.render())) >= p["a"]:
            return None
        return "rejected is under the minimum word count"

    def check(self, t, p):
        n = len(words(t))
        return rel_ok(n, "between" if p["rel"] == "between" else p["rel"], p["a"], p.get("b"))


@kind("sents", "sentence_count", 20)
class Sents:
    def phrase(self, rng, p):
        n, r = num(rng, p["n"]), p["rel"]
        if r == "exactly":
            return rng.choice([f"Use exactly {n} sentences.", f"Your answer must be exactly {n} sentences long.",
                               f"write precisely {n} sentences"])
        if r == "at most":
            return rng.choice([f"Use no more than {n} sentences.", f"Keep it to {n} sentences at most.",
                               f"don't go beyond {n} sentences"])
        return rng.choice([f"Write at least {n} sentences.", f"Include {n} or more sentences."])

    def gold(self, p):
        g = lambda rel, n: ("length_constraints:number_sentences", {"relation": rel, "num_sentences": n, "counting": "writer"})
        if p["rel"] == "exactly":
            return [g("at least", p["n"]), g("less than", p["n"] + 1)]
        if p["rel"] == "at most":
            return [g("less than", p["n"] + 1)]
        return [g("at least", p["n"])]

    def apply(self, d, p):
        n = p["n"] if p["rel"] != "at most" else p["n"] - 1
        ps = d.paras()
        total = sum(len(b["s"]) for b in ps)
        while total < n:
            ps[total % len(ps)]["s"].append(d.sent()); total += 1
        while total > n:
            b = max(ps, key=lambda b: len(b["s"])); b["s"].pop(); total -= 1
        d.blocks = [b for b in d.blocks if b["t"] != "para" or b["s"]]

    def brk(self, d, p):
        if p["rel"] == "at least":
            b = max(d.paras(), key=lambda b: len(b["s"]))
            b["s"].pop(d.rng.randrange(len(b["s"])))
            return "rejected has one sentence too few"
        d.paras()[-1]["s"].insert(1, d.sent())
        if p["rel"] == "at most":
            d.paras()[-1]["s"].insert(1, d.sent())
        return "rejected has one sentence too many" if p["rel"] == "exactly" else "rejected is over the sentence limit"

    def check(self, t, p):
        n = sum(len(sentences(b)) for b in prose_blocks(t))
        return rel_ok(n, p["rel"], p["n"])


@kind("paras", "paragraph_count", 10)
class Paras:
    def phrase(self, rng, p):
        n, r = p["n"], p["rel"]
        nn = num(rng, n)
        if r == "exactly":
            return rng.choice([f"Write exactly {nn} paragraphs.", f"Structure it as {NUMW[n]} paragraphs.",
                               f"It should be a {NUMW[n]}-paragraph piece.", f"use {nn} paragraphs, separated by blank lines",
                               f"Your response should contain {nn} paragraphs."])
        return rng.choice([f"Write at least {nn} paragraphs.", f"Use {nn} or more paragraphs."])

    def gold(self, p):
        return [("rwd:paragraph_count", {"num_paragraphs": p["n"], "relation": p["rel"]})]

    def apply(self, d, p):
        ps = d.paras()
        while len(ps) < p["n"]:
            d.blocks.append({"t": "para", "s": [d.sent() for _ in range(len(ps[0]["s"]))]}); ps = d.paras()
        while len(ps) > p["n"]:
            d.blocks.remove(ps[-1]); ps = d.paras()

    def brk(self, d, p):
        if p["rel"] == "exactly" and d.rng.random() < 0.5:
            d.blocks.insert(d.blocks.index(d.paras()[0]) + 1, {"t": "para", "s": [d.sent() for _ in d.paras()[0]["s"]]})
            return "rejected has one paragraph too many"
        ps = d.paras()
        ps[0]["s"] += ps[1]["s"]; d.blocks.remove(ps[1])
        return "rejected merges two paragraphs (one too few)"

    def check(self, t, p):
        return rel_ok(len(prose_blocks(t)), p["rel"], p["n"])


@kind("divider", "paragraph_divider", 11)
class Divider:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"There should be {n} paragraphs. Paragraphs are separated with the markdown divider: ***",
                           f"Split the text into {n} paragraphs and put *** on its own line between them.",
                           f"write {n} paragraphs separated by three asterisks (***)",
                           f"Your response must have {n} paragraphs, separated from each other by ***."])

    def gold(self, p):
        return [("length_constraints:number_paragraphs", {"num_paragraphs": p["n"], "counting": "writer"})]

    def apply(self, d, p):
        Paras.apply(self, d, p)
        d.sep = d.rng.choice(["\n\n***\n\n", "\n***\n", "\n\n* * *\n\n"])

    def brk(self, d, p):
        d.sep = "\n\n"
        return "rejected separates paragraphs with blank lines, not ***"

    def check(self, t, p):
        parts = re.split(r"\n\s*\*\s*\*\s*\*\s*\n", t.strip())
        return len(parts) == p["n"] and all(x.strip() for x in parts)


@kind("perpara", "sentences_per_unit", 21)
class PerPara:
    def phrase(self, rng, p):
        n, r = num(rng, p["n"]), p["rel"]
        if r == "exactly":
            return rng.choice([f"Each paragraph should have exactly {n} sentences.", f"every paragraph must contain {n} sentences",
                               f"Keep every paragraph to exactly {n} sentences." if p["n"] > 1 else "Each paragraph must be a single sentence."])
        return rng.choice([f"Every paragraph needs at least {n} sentences.", f"Give each paragraph {n} or more sentences."])

    def gold(self, p):
        return [("rwd:sentences_per_unit", {"unit": "paragraph", "num_sentences": p["n"], "relation": p["rel"]})]

    def apply(self, d, p):
        for b in d.paras():
            while len(b["s"]) < p["n"]:
                b["s"].append(d.sent())
            while len(b["s"]) > p["n"]:
                b["s"].pop()

    def brk(self, d, p):
        b = d.paras()[-1]
        if p["rel"] == "exactly":
            b["s"].append(d.sent())
            return "the last paragraph of rejected has one sentence too many"
        b["s"].pop()
        return "the last paragraph of rejected has one sentence too few"

    def check(self, t, p):
        return all(rel_ok(len(sentences(b)), p["rel"], p["n"]) for b in prose_blocks(t, "***" if "***" in t else None))


@kind("opening", "unit_opening", 60)
class Opening:
    def phrase(self, rng, p):
        ws = p["words"]
        if len(ws) == 1:
            w = q(rng, ws[0])
            return rng.choice([f"Begin every paragraph with the word {w}.", f"Each paragraph should start with {w}.",
                               f"start each paragraph with {w}", f"Every paragraph must open with the word {w}."])
        lst = ", ".join(q(rng, w) for w in ws[:-1]) + " and " + q(rng, ws[-1])
        return rng.choice([f"The paragraphs should open with {lst}, respectively.",
                           f"Start the paragraphs with {lst} respectively."])

    def gold(self, p):
        return [("rwd:unit_opening", {"unit": "paragraph", "keywords": p["words"]})]

    def apply(self, d, p):
        for i, b in enumerate(d.paras()):
            w = p["words"][i] if len(p["words"]) > 1 else p["words"][0]
            b["s"][0] = w + " " + b["s"][0][0].lower() + b["s"][0][1:]

    def brk(self, d, p):
        b = d.paras()[-1]
        w = p["words"][-1] if len(p["words"]) > 1 else p["words"][0]
        b["s"][0] = "Also " + b["s"][0][0].lower() + b["s"][0][1:]
        return f"the last paragraph of rejected opens with 'Also {w.lower()}', not '{w}'"

    def check(self, t, p):
        ps = prose_blocks(t, "***" if "***" in t else None)
        ws = p["words"] if len(p["words"]) > 1 else p["words"] * len(ps)
        return len(ws) == len(ps) and all(re.match(re.escape(w) + r"\b", b) for w, b in zip(ws, ps))


@kind("labelled", "labelled_sections", 12)
class Labelled:
    def phrase(self, rng, p):
        n, lab = num(rng, p["n"]), p["label"]
        if lab == "Section":
            return rng.choice([f"Your response must have {n} sections. Mark the beginning of each section with Section X, such as: Section 1",
                               f"Divide it into {n} sections, each starting with 'Section N' (Section 1, Section 2, ...)."])
        return rng.choice([f"Organize it into {n} parts, each headed 'Part {{n}}: name'.",
                           f"Split the answer into {n} parts labelled Part 1:, Part 2: and so on."])

    def gold(self, p):
        if p["label"] == "Section":
            return [("detectable_format:multiple_sections", {"section_spliter": "Section", "num_sections": p["n"]})]
        return [("rwd:labelled_sections", {"section_spliter": "Part {n}:", "num_sections": p["n"]})]

    def apply(self, d, p):
        Paras.apply(self, d, {"n": p["n"]})
        blocks = []
        for i, b in enumerate(d.paras()):
            lab = f"Section {i + 1}" if p["label"] == "Section" else f"Part {i + 1}: " + d.rng.choice(["Basics", "Details", "Next steps", "Costs", "Wrap up"])
            blocks += [{"t": "head", "text": lab}, b]
        d.blocks = blocks

    def brk(self, d, p):
        heads = [b for b in d.blocks if b["t"] == "head"]
        i = d.blocks.index(heads[-1])
        d.blocks[i - 1]["s"] += d.blocks[i + 1]["s"]
        del d.blocks[i:i + 2]
        return f"rejected has {p['n'] - 1} labelled sections, not {p['n']}"

    def check(self, t, p):
        lab = "Section" if p["label"] == "Section" else "Part"
        nums = re.findall(r"^%s (\d+)" % lab, t, flags=re.M)
        return nums == [str(i + 1) for i in range(p["n"])]


@kind("headings", "heading_count", 13)
class Headings:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        lv = "#" * p["level"]
        return rng.choice([f"Organize it under {n} markdown headings ({lv}).",
                           f"Use exactly {n} section headings written as '{lv} Heading'.",
                           f"break it into {n} sections, each with a {lv} heading",
                           f"The piece should have {n} headed sections (use {lv} for each heading)."])

    def gold(self, p):
        return [("rwd:titled_sections", {"num_sections": p["n"], "relation": "exactly", "heading_level": p["level"]})]

    def apply(self, d, p):
        Paras.apply(self, d, {"n": p["n"]})
        names = ["Why it matters", "Getting started", "What it costs", "Common mistakes", "Next steps", "Final thoughts"]
        d.rng.shuffle(names)
        blocks = []
        for i, b in enumerate(d.paras()):
            blocks += [{"t": "head", "text": "#" * p["level"] + " " + names[i]}, b]
        d.blocks = blocks

    def brk(self, d, p):
        h = [b for b in d.blocks if b["t"] == "head"][-1]
        h["text"] = "**" + h["text"].lstrip("# ") + "**" if d.rng.random() < 0.5 else h["text"].lstrip("#").strip()
        return f"the last section heading of rejected is not a {'#' * p['level']} heading"

    def check(self, t, p):
        return len(re.findall(r"^%s [^#]" % ("#" * p["level"]), t, flags=re.M)) == p["n"]


@kind("bullets", "bullet_count", 30)
class Bullets:
    def phrase(self, rng, p):
        n, r = num(rng, p["n"]), p["rel"]
        if r == "exactly":
            return rng.choice([f"Your answer must contain exactly {n} bullet points. Use the markdown bullet points such as:\n* This is point 1.",
                               f"Include a list of exactly {n} bullet points.", f"add {n} bullet points (no more, no fewer)"])
        return rng.choice([f"Include at least {n} bullet points.", f"List {n} or more tips as bullets."])

    def gold(self, p):
        if p["rel"] == "exactly":
            return [("detectable_format:number_bullet_lists", {"num_bullets": p["n"]})]
        return [("rwd:bullet_count", {"num_bullets": p["n"], "relation": p["rel"]})]

    def apply(self, d, p):
        items = [d.sent() for _ in range(p["n"])]
        d.blocks.append({"t": "list", "marker": d.rng.choice(["*", "-"]), "items": items})

    def brk(self, d, p):
        l = [b for b in d.blocks if b["t"] == "list"][0]
        if p["rel"] == "exactly" and d.rng.random() < 0.5:
            l["items"].append(d.sent()); return "rejected has one bullet too many"
        l["items"].pop(); return "rejected has one bullet too few"

    def check(self, t, p):
        return rel_ok(len(re.findall(r"^[*-] ", t, flags=re.M)), p["rel"], p["n"])


@kind("itemwords", "words_per_unit", 70)
class ItemWords:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"Keep each bullet point to {n} words or fewer.", f"No bullet should be longer than {n} words.",
                           f"every list item at most {n} words"])

    def gold(self, p):
        return [("rwd:words_per_unit", {"unit": "bullet", "num_words": p["n"], "relation": "at most"})]

    def apply(self, d, p):
        l = [b for b in d.blocks if b["t"] == "list"][0]

    def brk(self, d, p):
        l = [b for b in d.blocks if b["t"] == "list"][0]
        while len(words(l["items"][0])) <= p["n"]:
            l["items"][0] = extend(l["items"][0], d.rng)
        return "the first bullet of rejected is over the per-item word limit"

    def check(self, t, p):
        items = re.findall(r"^(?:[*-]|\d+[.):]|\[Step \d+\]|Step \d+:) (.*)$", t, flags=re.M)
        return bool(items) and all(len(words(i)) <= p["n"] for i in items)


@kind("title", "title_wrapper", 80)
class Title:
    def phrase(self, rng, p):
        w = p["w"]
        if w == "<<":
            return rng.choice(["Your answer must contain a title, wrapped in double angular brackets, such as <<poem of joy>>.",
                               "Give it a title wrapped in double angle brackets, like <<my title>>.",
                               "put the title in double angular brackets (<<title>>)"])
        if w == "[[":
            return rng.choice(["Put the title inside double square brackets, e.g. [[Title]].", "the title goes in [[double square brackets]]"])
        if w == "**":
            return rng.choice(["Start with a bold title.", "Begin with a title in bold (**Title**)."])
        return rng.choice(["Open with an H1 title.", "Start with a top-level markdown heading (# Title) as the title."])

    def gold(self, p):
        if p["w"] == "<<":
            return [("detectable_format:title", {})]
        return [("rwd:title_format", {"wrapper": p["w"]})]

    def apply(self, d, p):
        d.title = (p["w"], d.rng.choice(["A Fresh Start", "Notes for the Season", "Small Steps", "The Long View"]))

    def brk(self, d, p):
        alt = {"<<": "<", "[[": "**", "**": "#", "#": "**"}[p["w"]]
        d.title = (alt, d.title[1])
        return f"rejected's title is not wrapped as asked ({alt})"

    def check(self, t, p):
        first = t.strip().split("\n")[0]
        return {"<<": re.search(r"<<[^>]+>>", t), "[[": re.fullmatch(r"\[\[[^\]]+\]\]", first),
                "**": re.fullmatch(r"\*\*[^*]+\*\*", first), "#": re.fullmatch(r"# \S.*", first)}[p["w"]] is not None


@kind("marker", "list_markers", 31)
class Marker:
    def phrase(self, rng, p):
        m = p["m"]
        ex = m.replace("{n}", "1"), m.replace("{n}", "2")
        return rng.choice([f"Number the steps as {ex[0]}, {ex[1]} and so on.", f"Label every step like this: {ex[0]} ... {ex[1]} ...",
                           f"use the markers {ex[0]}, {ex[1]}, ... for the steps."]) + f" There should be {num(rng, p['n'])} steps."

    def gold(self, p):
        return [("rwd:item_marker", {"marker": p["m"]}), ("rwd:numbered_list", {"num_items": p["n"], "relation": "exactly"})]

    def apply(self, d, p):
        d.blocks.append({"t": "list", "marker": p["m"], "items": [d.sent() for _ in range(p["n"])]})

    def brk(self, d, p):
        l = [b for b in d.blocks if b["t"] == "list"][0]
        if d.rng.random() < 0.5:
            l["marker"] = "{n}."
            return "rejected numbers the steps 1. 2. 3., not with the asked marker"
        l["items"].pop()
        return "rejected has one step too few"

    def check(self, t, p):
        pat = "^" + re.escape(p["m"]).replace(r"\{n\}", r"(\d+)") + " "
        return re.findall(pat, t, flags=re.M) == [str(i + 1) for i in range(p["n"])]


@kind("numlist", "numbered_items", 32)
class NumList:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"Include a numbered list of exactly {n} items.", f"give {n} numbered steps",
                           f"List exactly {n} recommendations as a numbered list."])

    def gold(self, p):
        return [("rwd:numbered_list", {"num_items": p["n"], "relation": "exactly"})]

    def apply(self, d, p):
        d.blocks.append({"t": "list", "marker": d.rng.choice(["{n}.", "{n})"]), "items": [d.sent() for _ in range(p["n"])]})

    def brk(self, d, p):
        l = [b for b in d.blocks if b["t"] == "list"][0]
        l["items"].append(d.sent())
        return "rejected's numbered list has one item too many"

    def check(self, t, p):
        return len(re.findall(r"^\d+[.)] ", t, flags=re.M)) == p["n"]


@kind("start", "start_end", 85)
class Start:
    def phrase(self, rng, p):
        s = p["s"]
        return rng.choice([f"Start your response with the exact words \"{s}\".", f"Begin with '{s}'.",
                           f"the very first words must be \"{s}\"", f"Open your reply with: {s}"])

    def gold(self, p):
        return [("rwd:start_phrase", {"starter": p["s"]})]

    def apply(self, d, p):
        d.start = p["s"]

    def brk(self, d, p):
        w = p["s"].split()
        d.start = w[0] + ", " + " ".join(w[1:]) if len(w) > 1 else "So " + p["s"].lower()
        return f"rejected starts with '{d.start}', not the exact phrase"

    def check(self, t, p):
        return t.lstrip('"').startswith(p["s"])


@kind("end", "end_phrase", 86)
class End:
    def phrase(self, rng, p):
        e = p["e"]
        return rng.choice([f"Finish your response with this exact phrase '{e}'. No other words should follow it.",
                           f"End with the exact sentence \"{e}\"", f"make sure the last words are '{e}'",
                           f"Close with the phrase “{e}” and nothing after it."])

    def gold(self, p):
        return [("startend:end_checker", {"end_phrase": p["e"]})]

    def apply(self, d, p):
        d.end = p["e"]
        if d.blocks[-1]["t"] == "para" and len(d.blocks[-1]["s"]) > 1:
            d.blocks[-1]["s"].pop()

    def brk(self, d, p):
        d.end = p["e"][:-1] + " today" + p["e"][-1]
        return "rejected adds a word before the final punctuation of the end phrase"

    def check(self, t, p):
        return t.strip().strip('"').endswith(p["e"])


@kind("ps", "postscript", 87)
class PS:
    def phrase(self, rng, p):
        m = p["m"]
        return rng.choice([f"At the end of your response, please explicitly add a postscript starting with {m}",
                           f"Add a postscript that begins with {m}", f"finish with a {m} note",
                           f"include a {m} at the very end"])

    def gold(self, p):
        return [("detectable_content:postscript", {"postscript_marker": p["m"]})]

    def apply(self, d, p):
        d.ps = p["m"] + " " + d.sent()

    def brk(self, d, p):
        alt = "P.S." if p["m"] == "P.P.S" else "Note:"
        d.ps = alt + d.ps[len(p["m"]):]
        return f"rejected's postscript starts with '{alt}', not '{p['m']}'"

    def check(self, t, p):
        return re.search(r"^\s*" + re.escape(p["m"]), t, flags=re.M | re.I) is not None


@kind("nocomma", "no_comma", 95)
class NoComma:
    def phrase(self, rng, p):
        return rng.choice(["Do not use any commas.", "Your entire response should be free of commas.",
                           "no commas anywhere", "Avoid commas completely.", "Refrain from using any commas in your reply."])

    def gold(self, p):
        return [("punctuation:no_comma", {})]

    def apply(self, d, p):
        pass

    def brk(self, d, p):
        b = d.paras()[0]
        s = b["s"][-1]
        b["s"][-1] = s[:-1] + ", of course" + s[-1]
        return "rejected has one comma"

    def check(self, t, p):
        return "," not in t


@kind("lower", "case", 96)
class Lower:
    def phrase(self, rng, p):
        return rng.choice(["Your entire response should be in English, and in all lowercase letters. No capital letters are allowed.",
                           "write everything in lowercase", "Use only lowercase letters throughout.",
                           "Do not use any capital letters."])

    def gold(self, p):
        return [("change_case:english_lowercase", {})]

    def apply(self, d, p):
        d.case = "lower"

    def brk(self, d, p):
        d.case = None
        return "rejected uses capital letters"

    def check(self, t, p):
        return t == t.lower()


@kind("upper", "case", 96)
class Upper:
    def phrase(self, rng, p):
        return rng.choice(["Your entire response should be in English and in all capital letters.",
                           "write the whole thing in CAPITAL LETTERS", "Use only uppercase letters."])

    def gold(self, p):
        return [("change_case:english_capital", {})]

    def apply(self, d, p):
        d.case = "upper"

    def brk(self, d, p):
        d.case = None
        return "rejected is not in capitals"

    def check(self, t, p):
        return t == t.upper()


@kind("placeholders", "placeholders", 55)
class Placeholders:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"The response must contain at least {n} placeholders represented by square brackets, such as [address].",
                           f"Include {n} or more placeholders in square brackets like [name].",
                           f"leave at least {n} [placeholders] for details I will fill in"])

    def gold(self, p):
        return [("detectable_content:number_placeholders", {"num_placeholders": p["n"]})]

    def apply(self, d, p):
        for k, ph in enumerate(["[name]", "[date]", "[address]", "[phone number]"][:p["n"]]):
            b = d.paras()[k % len(d.paras())]
            b["s"][-1] = extend(b["s"][-1], d.rng, "for " + ph)

    def brk(self, d, p):
        ph = ["[name]", "[date]", "[address]", "[phone number]"][p["n"] - 1]
        for b in d.paras():
            b["s"] = [s.replace("for " + ph, "for next week") for s in b["s"]]
        return "rejected has one placeholder too few"

    def check(self, t, p):
        return len(re.findall(r"\[[^\]\[]+\]", t)) >= p["n"]


@kind("highlight", "highlighted", 56)
class Highlight:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"Highlight at least {n} sections in your answer with markdown, i.e. *highlighted section*.",
                           f"Use markdown to highlight {n} or more phrases, like *this*.",
                           f"italicize at least {n} key phrases with single asterisks"])

    def gold(self, p):
        return [("detectable_format:number_highlighted_sections", {"num_highlights": p["n"]})]

    def apply(self, d, p):
        k = 0
        for b in d.paras():
            for i, s in enumerate(b["s"]):
                if k < p["n"] and i == len(b["s"]) - 1:
                    b["s"][i] = s[:-1] + " *" + d.rng.choice(EXTEND) + "*" + s[-1]; k += 1
        while k < p["n"]:
            b = d.paras()[0]; b["s"][0] = b["s"][0][:-1] + " *" + EXTEND[k] + "*" + b["s"][0][-1]; k += 1

    def brk(self, d, p):
        for b in d.paras():
            for i, s in enumerate(b["s"]):
                if "*" in s:
                    b["s"][i] = s.replace("*", "")
                    return "rejected has one highlighted section too few"

    def check(self, t, p):
        return len(re.findall(r"(?<!\*)\*[^\n*]+\*(?!\*)", t)) >= p["n"]


@kind("letter", "letter_frequency", 57)
class Letter:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"The letter 'z' should appear at least {n} times.", f"use the letter z {n} or more times",
                           f"Make sure the letter \"z\" shows up at least {n} times."])

    def gold(self, p):
        return [("keywords:letter_frequency", {"letter": "z", "let_frequency": p["n"], "let_relation": "at least"})]

    def apply(self, d, p):
        assert "z" not in d.render().lower()
        for k in range(p["n"]):
            b = d.paras()[k % len(d.paras())]
            i = k // len(d.paras()) % len(b["s"])
            b["s"][i] = extend(b["s"][i], d.rng, ["with zeal", "like a breeze", "in a daze", "near the plaza", "at its zenith"][k % 5])

    def brk(self, d, p):
        b = d.paras()[0]
        b["s"] = [s.replace("with zeal", "with energy") for s in b["s"]]
        return "rejected has one 'z' too few"

    def check(self, t, p):
        return t.lower().count("z") >= p["n"]


@kind("chars", "char_limit", 91)
class Chars:
    def phrase(self, rng, p):
        a = p["a"]
        return rng.choice([f"Keep the whole response under {a} characters.", f"It must be shorter than {a} characters, spaces included.",
                           f"stay below {a} characters in total"])

    def gold(self, p):
        return [("rwd:char_count", {"num_chars": p["a"], "relation": "less than"})]

    def apply(self, d, p):
        n = len(d.render().strip())
        p["a"] = (n // 50 + 1) * 50 + 50

    def brk(self, d, p):
        while len(d.render().strip()) < p["a"]:
            b = d.paras()[-1]; b["s"].append(d.sent())
        return "rejected is over the character limit"

    def check(self, t, p):
        return len(t.strip()) < p["a"]


@kind("code", "code", 40)
class Code:
    def phrase(self, rng, p):
        return rng.choice([f"Include a fenced Python code block with exactly {num(rng, p['n'])} lines of code.",
                           f"Add a short snippet in a ```python fenced block; the snippet must be exactly {p['n']} lines."])

    def gold(self, p):
        return [("rwd:code_block", {"code_language": "python"}), ("rwd:code_lines", {"num_lines": p["n"], "relation": "exactly"})]

    def apply(self, d, p):
        lines = ["plants = load_plants()", "for plant in plants:", "    water(plant)", "print('done')", "save(plants)"]
        d.blocks.insert(1, {"t": "code", "lang": "python", "lines": lines[:p["n"]]})

    def brk(self, d, p):
        c = [b for b in d.blocks if b["t"] == "code"][0]
        c["lines"].append("log('finished')")
        return "rejected's code has one line too many"

    def check(self, t, p):
        m = re.search(r"```python\n(.*?)\n```", t, flags=re.S)
        return m is not None and len([l for l in m.group(1).split("\n") if l.strip()]) == p["n"]


@kind("kwpara", "keywords_per_unit", 53)
class KwPara:
    def phrase(self, rng, p):
        w = q(rng, p["w"])
        return rng.choice([f"Mention {w} in every paragraph.", f"Each paragraph must include the word {w}.",
                           f"use the word {w} at least once per paragraph"])

    def gold(self, p):
        return [("rwd:keywords_per_unit", {"unit": "paragraph", "keywords": [p["w"]]})]

    def apply(self, d, p):
        for b in d.paras():
            b["s"][-1] = extend(b["s"][-1], d.rng, "and the " + p["w"])

    def brk(self, d, p):
        b = d.paras()[-1]
        b["s"] = [s.replace(" and the " + p["w"], "") for s in b["s"]]
        return f"the last paragraph of rejected lacks '{p['w']}'"

    def check(self, t, p):
        return all(kw_count(b, p["w"]) for b in prose_blocks(t, "***" if "***" in t else None))


@kind("initials", "distinct_initials", 25)
class Initials:
    def phrase(self, rng, p):
        return rng.choice(["Every sentence must begin with a different letter.", "no two sentences may start with the same letter",
                           "Make sure each sentence starts with a different letter of the alphabet."])

    def gold(self, p):
        return [("rwd:distinct_sentence_initials", {})]

    def apply(self, d, p):
        seen, pool = set(), []
        for s in FILLER:
            if s[0] not in seen:
                seen.add(s[0]); pool.append(s.replace("{T}", d.topic))
        d.rng.shuffle(pool)
        for b in d.paras():
            b["s"] = [pool.pop() for _ in b["s"]]
        d.pool = []
        d.spare = pool

    def brk(self, d, p):
        b = d.paras()[-1]
        first = d.paras()[0]["s"][0]
        alt = [s for s in FILLER if s[0] == first[0] and s.replace("{T}", d.topic) != first]
        if not alt:
            return None
        b["s"][-1] = alt[0].replace("{T}", d.topic)
        return f"two sentences of rejected start with '{first[0]}'"

    def check(self, t, p):
        ini = [s.strip().lstrip('"*')[0].lower() for b in prose_blocks(t) for s in sentences(b)]
        return len(ini) == len(set(ini))


@kind("json", "json", 5)
class Json:
    def phrase(self, rng, p):
        return rng.choice(["Entire output should be wrapped in JSON format. You can use markdown ticks such as ```.",
                           "Return the whole answer as a JSON object and nothing else.", "format your entire reply as valid JSON"])

    def gold(self, p):
        return [("detectable_format:json_format", {})]

    def apply(self, d, p):
        pass

    def brk(self, d, p):
        d.lead = "Here is the JSON you asked for:\n"
        return "rejected puts a sentence before the JSON"

    def check(self, t, p):
        s = t.strip()
        s = re.sub(r"^```(json)?|```$", "", s).strip()
        try:
            json.loads(s); return True
        except ValueError:
            return False


@kind("capsfreq", "capital_words", 58)
class CapsFreq:
    def phrase(self, rng, p):
        n = num(rng, p["n"])
        return rng.choice([f"Use words in all capital letters at least {n} times for emphasis.",
                           f"In your response, words with all capital letters should appear at least {n} times.",
                           f"emphasize at least {n} words by writing them in ALL CAPS"])

    def gold(self, p):
        return [("change_case:capital_word_frequency", {"capital_frequency": p["n"], "capital_relation": "at least"})]

    def apply(self, d, p):
        k = 0
        for b in d.paras():
            for i, s in enumerate(b["s"]):
                if k < p["n"]:
                    b["s"][i] = s[:-1] + " " + ["TRULY", "REALLY", "ALWAYS", "NEVER", "NOW"][k] + s[-1]; k += 1

    def brk(self, d, p):
        for b in d.paras():
            b["s"] = [s.replace(" ALWAYS", " always").replace(" NOW", " now") for s in b["s"]]
        return "rejected has fewer capitalized words than asked"

    def check(self, t, p):
        return len(re.findall(r"\b[A-Z]{2,}\b", t)) >= p["n"]


@kind("quote", "quotation", 99)
class Quote:
    def phrase(self, rng, p):
        return rng.choice(["Wrap your entire response with double quotation marks.", "put the whole reply inside double quotes"])

    def gold(self, p):
        return [("startend:quotation", {})]

    def apply(self, d, p):
        d.quote = True

    def brk(self, d, p):
        d.quote = False
        return "rejected is not wrapped in double quotes"

    def check(self, t, p):
        return t.startswith('"') and t.endswith('"')


@kind("endwrap", "end_wrapper", 88)
class EndWrap:
    def phrase(self, rng, p):
        return rng.choice(["Close with a one-line summary in curly braces.", "end with a short summary wrapped in {curly braces}"])

    def gold(self, p):
        return [("rwd:end_wrapper", {"wrapper": "{}"})]

    def apply(self, d, p):
        d.end_line = "{" + d.sent()[:-1] + "}"

    def brk(self, d, p):
        d.end_line = d.end_line[1:-1] + "."
        return "rejected's closing summary is not in curly braces"

    def check(self, t, p):
        return re.fullmatch(r"\{[^{}]+\}", t.strip().split("\n")[-1]) is not None


# ---------------------------------------------------------------- recipes: combinations of 3-6 hard constraints
RECIPES = [
    [("paras", {"n": 3, "rel": "exactly"}), ("include", {"words": ["lantern"]}), ("nocomma", {}), ("words", {"rel": "at most"})],
    [("divider", {"n": 3}), ("opening", {"words": ["Today"]}), ("ps", {"m": "P.S."}), ("include", {"words": ["compass", "ledger"]})],
    [("title", {"w": "<<"}), ("paras", {"n": 2, "rel": "exactly"}), ("perpara", {"n": 3, "rel": "exactly"}), ("forbid", {"words": ["very", "really"]}), ("end", {"e": "Thank you for reading."})],
    [("bullets", {"n": 4, "rel": "exactly"}), ("itemwords", {"n": 12}), ("lower", {}), ("include", {"words": ["harvest"]})],
    [("headings", {"n": 3, "level": 2}), ("kwpara", {"w": "budget"}), ("sents", {"n": 6, "rel": "exactly"}), ("nocomma", {})],
    [("labelled", {"n": 3, "label": "Section"}), ("freq", {"word": "anchor", "n": 3, "rel": "at least"}), ("ps", {"m": "P.P.S"}), ("words", {"rel": "at least"})],
    [("labelled", {"n": 3, "label": "Part"}), ("perpara", {"n": 2, "rel": "at least"}), ("placeholders", {"n": 2}), ("end", {"e": "Let me know if you have questions."})],
    [("start", {"s": "Good morning everyone"}), ("paras", {"n": 2, "rel": "exactly"}), ("highlight", {"n": 2}), ("forbid", {"words": ["amazing"]})],
    [("marker", {"m": "[Step {n}]", "n": 4}), ("include", {"words": ["kettle"]}), ("words", {"rel": "less than"}), ("nocomma", {})],
    [("numlist", {"n": 5}), ("title", {"w": "[["}), ("freq", {"word": "meadow", "n": 2, "rel": "exactly"}), ("ps", {"m": "P.S."})],
    [("initials", {}), ("sents", {"n": 5, "rel": "exactly"}), ("include", {"words": ["pebble"]}), ("lower", {})],
    [("json", {}), ("include", {"words": ["ribbon"]}), ("forbid", {"words": ["cheap"]})],
    [("paras", {"n": 4, "rel": "exactly"}), ("opening", {"words": ["First", "Next", "Then", "Finally"]}), ("words", {"rel": "between"}), ("placeholders", {"n": 1})],
    [("code", {"n": 3}), ("paras", {"n": 2, "rel": "exactly"}), ("include", {"words": ["signal"]}), ("end", {"e": "Happy coding!"})],
    [("upper", {}), ("sents", {"n": 4, "rel": "at most"}), ("include", {"words": ["candle"]})],
    [("chars", {}), ("include", {"words": ["tunnel"]}), ("nocomma", {}), ("endwrap", {})],
    [("code", {"n": 4}), ("include", {"words": ["tunnel"]}), ("sents", {"n": 3, "rel": "at most"})],
    [("json", {}), ("freq", {"word": "signal", "n": 2, "rel": "at least"}), ("forbid", {"words": ["free"]})],
    [("initials", {}), ("paras", {"n": 2, "rel": "exactly"}), ("nocomma", {}), ("end", {"e": "That is all for now."})],
    [("labelled", {"n": 4, "label": "Part"}), ("bullets", {"n": 2, "rel": "at least"}), ("include", {"words": ["meadow"]})],
    [("headings", {"n": 2, "level": 2}), ("marker", {"m": "Step {n}:", "n": 3}), ("itemwords", {"n": 12}), ("forbid", {"words": ["simple"]})],
    [("quote", {}), ("sents", {"n": 3, "rel": "exactly"}), ("include", {"words": ["anchor"]}), ("forbid", {"words": ["awesome"]})],
    [("letter", {"n": 3}), ("paras", {"n": 2, "rel": "exactly"}), ("ps", {"m": "P.S."})],
    [("divider", {"n": 3}), ("perpara", {"n": 1, "rel": "exactly"}), ("include", {"words": ["candle"]})],
    [("bullets", {"n": 5, "rel": "exactly"}), ("itemwords", {"n": 10}), ("title", {"w": "<<"}), ("nocomma", {})],
    [("divider", {"n": 4}), ("perpara", {"n": 2, "rel": "exactly"}), ("capsfreq", {"n": 3})],
    [("title", {"w": "**"}), ("bullets", {"n": 3, "rel": "at least"}), ("letter", {"n": 4}), ("include", {"words": ["blanket"]}), ("words", {"rel": "at most"})],
    [("headings", {"n": 4, "level": 3}), ("highlight", {"n": 3}), ("forbid", {"words": ["basically"]}), ("ps", {"m": "P.S."})],
    [("quote", {}), ("paras", {"n": 2, "rel": "at least"}), ("freq", {"word": "journal", "n": 4, "rel": "at least"}), ("nocomma", {})],
    [("title", {"w": "#"}), ("marker", {"m": "{n}:", "n": 3}), ("itemwords", {"n": 14}), ("end", {"e": "Good luck out there!"})],
    [("start", {"s": "Dear hiring manager"}), ("paras", {"n": 3, "rel": "exactly"}), ("include", {"words": ["glacier", "saddle"]}), ("end", {"e": "I look forward to hearing from you."}), ("words", {"rel": "at least"})],
    [("paras", {"n": 3, "rel": "exactly"}), ("kwpara", {"w": "whistle"}), ("perpara", {"n": 2, "rel": "exactly"}), ("title", {"w": "<<"}), ("lower", {})],
    [("sents", {"n": 7, "rel": "at least"}), ("include", {"words": ["orchard"]}), ("forbid", {"words": ["delicious", "yummy"]}), ("placeholders", {"n": 3}), ("nocomma", {})],
    [("numlist", {"n": 4}), ("divider", {"n": 2}), ("freq", {"word": "lantern", "n": 2, "rel": "at least"}), ("title", {"w": "<<"})],
    [("paras", {"n": 5, "rel": "exactly"}), ("opening", {"words": ["Imagine"]}), ("end", {"e": "See you next week."}), ("chars", {})],
]

# Precision traps: a phrase that must NOT become a constraint, plus one real constraint (broken in the rejected).
TRAPS = [
    ("precision_numbers", "Write an itinerary for a 10-day trip to Japan covering the 3 biggest cities.", [("sents", {"n": 4, "rel": "at most"}), ("include", {"words": ["compass"]})]),
    ("precision_numbers", "Summarize the 7 habits from that 300-page book for a busy manager.", [("paras", {"n": 2, "rel": "exactly"}), ("nocomma", {})]),
    ("precision_numbers", "Explain the 5 steps of the scientific method to a 12-year-old.", [("numlist", {"n": 5}), ("include", {"words": ["pebble"]})]),
    ("precision_numbers", "Rewrite this 200-word product blurb for a 2-person tent.", [("words", {"rel": "less than"}), ("ps", {"m": "P.S."})]),
    ("precision_part", "Write a short notice for the office kitchen. Put the heading in capitals.", [("include", {"words": ["kettle"]}), ("paras", {"n": 2, "rel": "exactly"})]),
    ("precision_part", "Draft a flyer for a bake sale and make the title lowercase.", [("bullets", {"n": 3, "rel": "exactly"}), ("forbid", {"words": ["cheap"]})]),
    ("precision_part", "Write a memo about parking changes; the subject line should be all caps.", [("sents", {"n": 5, "rel": "exactly"}), ("include", {"words": ["signal"]})]),
    ("precision_sections", "Write a guide to composting in 3 sections with ## headings. Highlight at least one key phrase with *asterisks*.", [("headings", {"n": 3, "level": 2}), ("highlight", {"n": 1})]),
    ("precision_sections", "Make a study plan with 4 sections, each under a ### heading, and italicize at least 2 phrases.", [("headings", {"n": 4, "level": 3}), ("highlight", {"n": 2})]),
    ("precision_chars", "Write a tweet announcing a bakery opening.", [("chars", {}), ("include", {"words": ["candle"]})]),
    ("precision_chars", "Write an SMS reminder for a dentist appointment.", [("chars", {}), ("nocomma", {})]),
    ("precision_part", "Write a one-line summary first, then a short explanation of compound interest.", [("paras", {"n": 3, "rel": "exactly"}), ("include", {"words": ["ledger"]})]),
]


def build(rng, task, cons, broken):
    topic = task[1]
    n0 = rng.choice([2, 3])
    d = Doc(rng, topic, n_paras=n0, per_para=rng.choice([2, 3]))
    ps = [dict(p) for _, p in cons]
    order = sorted(range(len(cons)), key=lambda i: KINDS[cons[i][0]].prio)
    for i in order:
        KINDS[cons[i][0]].apply(d, ps[i])
    d.json = any(c[0] == "json" for c in cons)
    return d, ps


def render_prompt(rng, task_text, cons, ps, soft, trap=None):
    asks = [KINDS[k].phrase(rng, p) for (k, _), p in zip(cons, ps)]
    asks = [a[0].upper() + a[1:] if a and a[0].islower() and rng.random() < 0.5 else a for a in asks]
    head = trap or (task_text + ".")
    style = rng.randrange(4)
    dotted = [a if a.endswith((".", ":", "*", ">", "!", "?")) else a + "." for a in asks]
    if style == 0:   # prose
        body = head + " " + " ".join(dotted) + " " + " ".join(soft)
    elif style == 1:  # requirements block at the end
        body = head + " " + " ".join(soft) + "\n\nRequirements:\n" + "\n".join("- " + a.rstrip(".") for a in asks)
    elif style == 2:  # numbered list of rules
        body = head + " " + soft[0] + "\n\nPlease follow these rules:\n" + "\n".join(f"{i + 1}. " + a for i, a in enumerate(asks)) + ("\n\n" + soft[1] if len(soft) > 1 else "")
    else:            # run-on with "make sure"
        first, rest = dotted[0], dotted[1:]
        rest = [r[0].lower() + r[1:] if i == 0 and r[:2] != "P." else r for i, r in enumerate(rest)]
        body = head + " " + " ".join(soft) + " " + first[0].upper() + first[1:] + (" Also, " + " ".join(rest) if rest else "")
    return body


def gen_pair(rng, idx, task, cons, broken, family=None, trap=None):
    for attempt in range(40):
        seed = rng.randrange(10 ** 9)
        r1 = random.Random(seed)
        d, ps = build(r1, task, cons, broken)
        chosen = d.render()
        rule = KINDS[cons[broken][0]].brk(d, ps[broken]) if broken is not None else None
        if broken is not None and rule is None:
            continue
        if broken is None:  # soft only: tone swap
            rej = chosen
            for a, b in TONE.items():
                rej = re.sub(r"(?<=\s)%s\b" % a, b, rej)
            if rej == chosen:
                continue
            rule = "differs only in tone (a soft ask); must tie"
        else:
            rej = d.render()
        okc = [KINDS[k].check(chosen, p) for (k, _), p in zip(cons, ps)]
        okr = [KINDS[k].check(rej, p) for (k, _), p in zip(cons, ps)]
        want = [i != broken for i in range(len(cons))]
        if all(okc) and (okr == want if broken is not None else all(okr)):
            break
    else:
        print(f"skipped (no pair breaks only this one): {cons[broken][0] if broken is not None else 'soft'} in {[c[0] for c in cons]}")
        return None
    soft = rng.sample(SOFT, rng.choice([1, 2]))
    prompt = render_prompt(rng, task[0], cons, ps, soft, trap)
    ids, kws = [], []
    for (k, _), p in zip(cons, ps):
        for i, kw in KINDS[k].gold(p):
            ids.append(i); kws.append(kw)
    fam = family or ("soft_only" if broken is None else KINDS[cons[broken][0]].family)
    key = f"blind-{idx:03d}"
    return {"id": key, "key": key, "family": fam, "subset": fam, "prompt": prompt, "chosen": chosen, "rejected": rej,
            "instruction_id_list": ids, "kwargs": kws, "rule": rule}


def main():
    rng = random.Random(20261203)
    rows = []
    t = 0
    for ri, cons in enumerate(RECIPES):
        for b in range(len(cons)):
            task = TASKS[t % len(TASKS)]; t += 1
            r = gen_pair(rng, len(rows) + 1, task, cons, b)
            rows += [r] if r else []
        if ri % 2 == 0:
            task = TASKS[t % len(TASKS)]; t += 1
            r = gen_pair(rng, len(rows) + 1, task, cons, None)
            rows += [r] if r else []
    for fam, trap, cons in TRAPS:
        task = TASKS[t % len(TASKS)]; t += 1
        r = gen_pair(rng, len(rows) + 1, task, cons, 1 if fam != "precision_chars" else 0, fam, trap)
        rows += [r] if r else []
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "freeform-blind.jsonl")
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    fams = {}
    for r in rows:
        fams[r["family"]] = fams.get(r["family"], 0) + 1
    print(f"{len(rows)} pairs -> {path}")
    print(", ".join(f"{k} {v}" for k, v in sorted(fams.items())))


if __name__ == "__main__":
    main()
