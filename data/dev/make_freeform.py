#!/usr/bin/env python3
"""Writes data/dev/freeform.jsonl: the project's own development set for instruction following on free-form,
multi-constraint instructions (issue 16, point 5). Written for this project; nothing here is copied from a benchmark.

Each line is both a preference pair (`reward eval` reads prompt/chosen/rejected/subset) and a gold parse
(`reward constraints eval-parser` reads prompt/instruction_id_list/kwargs, and reports per `family`):
  {"id", "key", "family", "subset", "prompt", "chosen", "rejected", "instruction_id_list", "kwargs", "rule"}
The chosen answer meets every hard constraint; the rejected one breaks exactly one (named in "rule"), except in the
family `soft_only`, whose answers differ only in a soft ask (tone, focus) and must tie.
Run: /usr/bin/python3 data/dev/make_freeform.py  (deterministic; no randomness)."""
import json, os

W = "counting"  # the kwarg that marks a constraint parsed from free text: counted as its writer counts
items = []


def add(family, prompt, chosen, rejected, gold, rule):
    ids = [g[0] for g in gold]
    kwargs = [g[1] if len(g) > 1 else {} for g in gold]
    n = sum(1 for i in items if i["family"] == family) + 1
    key = f"{family}-{n:02d}"
    items.append({"id": key, "key": key, "family": family, "subset": family, "prompt": prompt, "chosen": chosen,
                  "rejected": rejected, "instruction_id_list": ids, "kwargs": kwargs, "rule": rule})


FILL = ("the team met early and agreed on a plan that kept the work simple and clear for everyone who joined later "
        "so nobody had to guess what came next or why it mattered at all").split()


def words(n, start=0):
    return " ".join(FILL[(start + i) % len(FILL)] for i in range(n))


S = ["The lake froze early this year.", "Children skated near the shore every morning.",
     "Local bakers sold warm bread by the pier.", "A small band played on Saturday nights.",
     "Visitors came from nearby towns to watch.", "The mayor opened a new reading room.",
     "Volunteers cleared snow from the main paths.", "Everyone agreed it was a good season.",
     "The library stayed open until late.", "Old maps hung on the museum walls.",
     "Fishermen mended nets in the sheds.", "The school choir sang at the market."]


def sents(n, start=0):
    return " ".join(S[(start + i) % len(S)] for i in range(n))


def paras(n, k=2, sep="\n\n"):
    return sep.join(sents(k, 2 * i) for i in range(n))


KW = lambda ws: ("keywords:existence", {"keywords": ws, W: "writer"})
FREQ = lambda w, n, rel: ("keywords:frequency", {"keyword": w, "frequency": n, "relation": rel, W: "writer"})
NW = lambda rel, n: ("length_constraints:number_words", {"relation": rel, "num_words": n, W: "writer"})
NS = lambda rel, n: ("length_constraints:number_sentences", {"relation": rel, "num_sentences": n, W: "writer"})

# ---- keyword_exact: the exact form on word boundaries; an inflected or longer word does not count ----
for word, other, prompt in [
    ("harbor", "harbors", 'Write two sentences about a coastal town. Include the word "harbor".'),
    ("lantern", "lanterns", "Describe an evening walk and make sure you use the keyword lantern."),
    ("orchard", "orchards", 'Your reply must mention "orchard". Keep it friendly.'),
    ("ledger", "ledgers", 'Explain bookkeeping to a child. Be sure to include the term "ledger".'),
    ("acorn", "acorns", 'Write a short note about autumn that contains the word "acorn".'),
    ("compass", "compasses", 'Please incorporate the keyword "compass" into your story about hiking.'),
    ("beacon", "beaconing", 'Tell a tale about a lighthouse keeper. The word "beacon" has to appear in your response.'),
    ("meadow", "meadowlands", "Describe a picnic. Don't forget to include the word 'meadow'."),
    ("paint", "painted", 'Write about a workshop for kids; use the word "paint" in your answer.'),
    ("cook", "cooking", 'Give advice for a first dinner party and include the keyword "cook".'),
    ("train", "trainee", 'Describe a commute, including the word "train".'),
]:
    gold = [KW([word])] + ([NS("at least", 2), NS("less than", 3)] if prompt.startswith("Write two sentences") else [])
    add("keyword_exact", prompt, f"We walked past the {word} at dusk. It felt calm and quiet.",
        f"We walked past the {other} at dusk. It felt calm and quiet.", gold, f"rejected uses '{other}', not '{word}'")

# ---- keyword_frequency: only the exact form counts toward N ----
for word, other, n, phrase in [
    ("river", "rivers", 3, 'Use the word "river" at least 3 times.'),
    ("budget", "budgets", 2, 'Mention "budget" at least twice.'),
    ("signal", "signals", 4, 'The word "signal" should appear at least four times.'),
    ("garden", "gardens", 3, 'Include the keyword "garden" 3 or more times.'),
    ("echo", "echoes", 3, 'Repeat the word "echo" at least three times.'),
    ("bridge", "bridges", 2, 'Say "bridge" no fewer than 2 times.'),
    ("plan", "planning", 3, 'Use "plan" a minimum of three times.'),
    ("light", "lighter", 2, 'The word "light" must be used at least twice.'),
]:
    good = " ".join(f"The {word} mattered." for _ in range(n))
    bad = " ".join(f"The {word} mattered." for _ in range(n - 1)) + f" The {other} mattered."
    add("keyword_frequency", f"Write a few sentences about a village. {phrase}", good, bad,
        [FREQ(word, n, "at least")], f"rejected has {n - 1} exact uses plus '{other}'")
for word, phrase in [("very", 'Use the word "very" fewer than 2 times.'), ("so", 'Use the word "so" less than 2 times.')]:
    good = f"It was {word} good. Everyone agreed with every point and we all felt {'every' if word == 'very' else 'also'} part of it, also later."
    bad = f"It was {word} good and {word} warm. Everyone agreed."
    add("keyword_frequency", f"Describe a concert. {phrase}", good, bad, [FREQ(word, 2, "less than")],
        f"rejected uses '{word}' twice; 'every'/'also' are other words")

# ---- keyword_extraction: quotes and brackets are not part of a keyword; apostrophes are ----
for prompt, kws, miss in [
    ('Write an invitation that includes the phrase "children\'s museum".', ["children's museum"], "children museum"),
    ("Your answer must include the phrase 'farmer's market'.", ["farmer's market"], "farmers market"),
    ("Describe a trip and include the keywords [tide] and [harbor].", ["tide", "harbor"], "harbour"),
    ("Write a poem that uses the keywords {maple} and {cedar}.", ["maple", "cedar"], "cedars"),
    ('Please ensure you answer with the keyword "ferry" somewhere in your text.', ["ferry"], "ferries"),
    ("Include the following keywords: pepper, thyme, and basil.", ["pepper", "thyme", "basil"], "basils"),
    ("Use the term 'o'clock' when you describe the schedule.", ["o'clock"], "oclock"),
    ('Write a note to a neighbour; it should contain the words "quiet hours" and "parking".', ["quiet hours", "parking"], "park"),
]:
    chosen = "Here it is: " + ", ".join(kws) + " all appear. We hope you enjoy it."
    rejected = "Here it is: " + ", ".join(kws[:-1] + [miss]) + " all appear. We hope you enjoy it."
    add("keyword_extraction", prompt, chosen, rejected, [KW(kws)], f"rejected writes '{miss}' instead of '{kws[-1]}'")

# ---- word_count: whitespace tokens; a hyphenated word or a contraction is one word ----
HY = "well-known state-of-the-art don't it's we'll long-term can't e-mail self-made you're".split()


def hy_words(n):  # n whitespace words, many of them hyphenated or contracted
    return " ".join(HY[i % len(HY)] if i % 2 == 0 else FILL[i % len(FILL)] for i in range(n)) + "."


for prompt, gold, good_n, bad_n in [
    ("Answer in fewer than 40 words.", [NW("less than", 40)], 38, 41),
    ("Describe your ideal weekend in at least 30 words.", [NW("at least", 30)], 30, 27),
    ("Keep the reply to no more than 25 words.", [NW("less than", 26)], 25, 27),
    ("Use between 20 and 30 words.", [NW("at least", 20), NW("less than", 31)], 24, 33),
    ("Write a product blurb of exactly 18 words.", [NW("at least", 18), NW("less than", 19)], 18, 19),
    ("Reply in under 60 words, please.", [NW("less than", 60)], 58, 61),
    ("Give a summary with a maximum of 45 words.", [NW("less than", 46)], 44, 47),
    ("Your answer should be 35 words or fewer.", [NW("less than", 36)], 35, 37),
    ("Respond with at most 22 words.", [NW("less than", 23)], 22, 24),
    ("Write a note that is at least 26 words long.", [NW("at least", 26)], 26, 23),
]:
    good, bad = hy_words(good_n), hy_words(bad_n)
    if gold[0][1]["relation"] == "at least" and len(gold) == 1:
        bad = hy_words(bad_n) + " " + "-".join(["x"] * 2)  # still short in whitespace words
    add("word_count", prompt, good, bad, gold, f"chosen has {good_n} whitespace words, rejected {bad_n}")

# ---- sentence_count: headings, list items, a colon preamble and code follow one written rule ----
for prompt, gold, good, bad in [
    ("Answer in exactly 3 sentences.", [NS("at least", 3), NS("less than", 4)],
     "# Why it matters.\n" + sents(3), sents(4)),
    ("Explain recursion in at most 2 sentences and show an example.", [NS("less than", 3)],
     sents(2) + "\n\n```python\n# Step one. Step two. Step three.\ndef f(n): return 1 if n < 2 else n * f(n - 1)\n```",
     sents(3) + "\n\n```python\ndef f(n): return 1 if n < 2 else n * f(n - 1)\n```"),
    ("Use exactly four sentences.", [NS("at least", 4), NS("less than", 5)],
     "**Overview.**\n" + sents(4, 1), sents(5, 1)),
    ("Write at least 3 sentences.", [NS("at least", 3)],
     "Great news!\n- " + S[0] + "\n- " + S[1], "Great news: " + S[0]),
    ("Keep it under 4 sentences.", [NS("less than", 4)],
     "## Notes!\n" + sents(3, 4), "## Notes\n" + sents(4, 4)),
    ("Your response must have exactly 2 sentences.", [NS("at least", 2), NS("less than", 3)],
     "### Summary.\n" + sents(2, 6), sents(3, 6)),
    ("Reply in no more than 3 sentences.", [NS("less than", 4)],
     "Here is what I found:\n" + sents(2, 3), sents(4, 3)),
    ("Respond using exactly five sentences.", [NS("at least", 5), NS("less than", 6)],
     "| Item | Note. |\n|---|---|\n| A. | B. |\n\n" + sents(5, 2), sents(6, 2)),
]:
    add("sentence_count", prompt, good, bad, gold, "rejected has one sentence too many or too few")

# ---- paragraph_count: blank-line blocks; headings, dividers and code fences are not paragraphs ----
PC = lambda rel, n: ("rwd:paragraph_count", {"num_paragraphs": n, "relation": rel})
for prompt, gold, good_n, bad_n in [
    ("Write exactly 3 paragraphs about city parks.", [PC("exactly", 3)], 3, 4),
    ("Give me a 2-paragraph answer about tea.", [PC("exactly", 2)], 2, 3),
    ("Write at least 3 paragraphs on remote work.", [PC("at least", 3)], 3, 2),
    ("Respond in four paragraphs.", [PC("exactly", 4)], 4, 3),
    ("Keep it to no more than 2 paragraphs.", [PC("at most", 2)], 2, 3),
    ("Write a three-paragraph letter to a friend.", [PC("exactly", 3)], 3, 2),
    ("Your answer should consist of exactly five paragraphs.", [PC("exactly", 5)], 5, 6),
    ("Explain the idea in 2 paragraphs.", [PC("exactly", 2)], 2, 1),
    ("Use at most three paragraphs.", [PC("at most", 3)], 3, 4),
    ("Write between 2 and 3 paragraphs about rain.", [PC("at least", 2), PC("at most", 3)], 3, 4),
]:
    good = "## Title\n\n" + paras(good_n).replace("\n\n", "\n\n---\n\n", 1)
    bad = paras(bad_n)
    add("paragraph_count", prompt, good, bad, gold, f"chosen has {good_n} paragraphs (plus a heading and a divider), rejected {bad_n}")

# ---- paragraph_divider: the separator the instruction names, spaced variants included ----
for prompt, n, sep in [
    ("Write 3 paragraphs separated by ***.", 3, "\n\n* * *\n\n"),
    ("Use exactly two paragraphs, separated with the markdown divider ***.", 2, "\n\n * * * \n\n"),
    ("Write 4 paragraphs. Separate paragraphs with ***.", 4, "\n\n* * *\n\n"),
    ("There should be 3 paragraphs, divided by ***.", 3, "\n***\n"),
    ("Answer in 2 paragraphs separated by three asterisks ***.", 2, "\n\n*  *  *\n\n"),
    ("Write five paragraphs; paragraphs are separated by ***.", 5, "\n\n* * *\n\n"),
]:
    add("paragraph_divider", prompt, paras(n, 1, sep), paras(n - 1, 1, sep),
        [("length_constraints:number_paragraphs", {"num_paragraphs": n, W: "writer"})], f"rejected has {n - 1} parts")

# ---- sentences_per_unit ----
SPU = lambda unit, rel, n: ("rwd:sentences_per_unit", {"unit": unit, "num_sentences": n, "relation": rel})
for prompt, gold, good, bad in [
    ("Write 3 paragraphs of exactly 2 sentences each.", [PC("exactly", 3), SPU("paragraph", "exactly", 2)],
     paras(3, 2), paras(2, 2) + "\n\n" + sents(3, 5)),
    ("Each paragraph should contain no more than 2 sentences.", [SPU("paragraph", "at most", 2)],
     paras(2, 2), paras(1, 2) + "\n\n" + sents(3, 4)),
    ("Make each bullet a single sentence.", [SPU("bullet", "exactly", 1)],
     "- " + S[0] + "\n- " + S[1], "- " + S[0] + "\n- " + S[1] + " " + S[2]),
    ("Every section should have at least 2 sentences.", [SPU("section", "at least", 2)],
     "## One\n" + sents(2) + "\n\n## Two\n" + sents(2, 3), "## One\n" + sents(2) + "\n\n## Two\n" + S[3]),
    ("Write paragraphs of 2 to 3 sentences.", [SPU("paragraph", "at least", 2), SPU("paragraph", "at most", 3)],
     paras(2, 2) + "\n\n" + sents(3, 6), paras(2, 2) + "\n\n" + S[6]),
    ("Each paragraph must have exactly three sentences.", [SPU("paragraph", "exactly", 3)],
     paras(2, 3), paras(1, 3) + "\n\n" + sents(2, 7)),
    ("Every bullet point should be one sentence.", [SPU("bullet", "exactly", 1)],
     "* " + S[4] + "\n* " + S[5], "* " + S[4] + " " + S[6] + "\n* " + S[5]),
    ("Each section needs at least 3 sentences.", [SPU("section", "at least", 3)],
     "## A\n" + sents(3) + "\n\n## B\n" + sents(3, 4), "## A\n" + sents(3) + "\n\n## B\n" + sents(2, 4)),
]:
    add("sentences_per_unit", prompt, good, bad, gold, "one unit of the rejected answer breaks the per-unit count")

# ---- unit_opening: the opening word of every paragraph, or of each in turn ----
UO = lambda unit, starters: ("rwd:unit_opening", {"unit": unit, "keywords": starters})
for prompt, unit, starters in [
    ('Begin every paragraph with the word "Today".', "paragraph", ["Today"]),
    ('Start each paragraph with "Note:".', "paragraph", ["Note:"]),
    ('Write three paragraphs that open with "First", "Next" and "Finally" respectively.', "paragraph", ["First", "Next", "Finally"]),
    ("Each section starts with 'To'.", "section", ["To"]),
    ('Every paragraph must begin with "Imagine".', "paragraph", ["Imagine"]),
    ("Start every bullet point with the word 'Check'.", "bullet", ["Check"]),
    ('The two paragraphs should start with "Yesterday" and "Tomorrow" respectively.', "paragraph", ["Yesterday", "Tomorrow"]),
    ('Each paragraph should start with the phrase "In short".', "paragraph", ["In short"]),
]:
    n = max(len(starters), 2)
    pick = lambda i: starters[i] if len(starters) > 1 else starters[0]
    if unit == "paragraph":
        good = "\n\n".join(f"{pick(i)} {S[i].lower()}" for i in range(n))
        bad = "\n\n".join(f"{pick(i) if i < n - 1 else 'Then'} {S[i].lower()}" for i in range(n))
    elif unit == "section":
        good = "\n\n".join(f"## Part {i + 1}\n{pick(i)} {S[i].lower()}" for i in range(n))
        bad = "\n\n".join(f"## Part {i + 1}\n{pick(i) if i < n - 1 else 'Then'} {S[i].lower()}" for i in range(n))
    else:
        good = "\n".join(f"- {pick(i)} {S[i].lower()}" for i in range(n))
        bad = "\n".join(f"- {pick(i) if i < n - 1 else 'Then'} {S[i].lower()}" for i in range(n))
    gold = [UO(unit, starters)] + ([PC("exactly", len(starters))] if "respectively" in prompt else [])
    add("unit_opening", prompt, good, bad, gold, "the last unit of the rejected answer opens otherwise")

# ---- labelled_sections ----
LS = lambda label, n: ("rwd:labelled_sections", {"section_spliter": label, "num_sections": n})
for prompt, label, n, fmt in [
    ('Write 3 parts headed "Part {n}: name".', "Part {n}:", 3, "Part {n}: Name {n}"),
    ('Label each section "Step {n}:" and write 4 of them.', "Step {n}:", 4, "Step {n}: do thing {n}"),
    ('Give 3 exercises titled "Exercise {n}".', "Exercise {n}", 3, "Exercise {n}"),
    ('Plan a trip of 2 days; head each day "Day {n}:".', "Day {n}:", 2, "Day {n}: travel"),
    ('Write 3 lessons, each labelled "Lesson {n} -".', "Lesson {n} -", 3, "Lesson {n} - basics"),
    ('Organize the answer into 4 sections labelled "Week {n}".', "Week {n}", 4, "Week {n}"),
    ('Present 2 options, each headed "Option {n}:".', "Option {n}:", 2, "Option {n}: choice"),
]:
    good = "\n\n".join(fmt.format(n=i + 1) + "\n" + S[i] for i in range(n))
    bad = "\n\n".join(fmt.format(n=i + 1) + "\n" + S[i] for i in range(n - 1)) + "\n\n" + S[n]
    add("labelled_sections", prompt, good, bad, [LS(label, n)], "rejected has one labelled section too few")

# ---- heading_count: markdown headings, bold-only lines and labelled lines are headings ----
TS = lambda rel, n, level=None: ("rwd:titled_sections", {"num_sections": n, "relation": rel, **({"heading_level": level} if level else {})})
for prompt, gold, good, bad in [
    ("Use exactly 3 headings.", [TS("exactly", 3)], "**Intro**\n" + S[0] + "\n\n**Body**\n" + S[1] + "\n\n**End**\n" + S[2],
     "**Intro**\n" + S[0] + "\n\n**Body**\n" + S[1] + "\n\n" + S[2]),
    ("Organize it under 2 headings.", [TS("exactly", 2)], "# Why\n" + S[0] + "\n\n# How\n" + S[1], "# Why\n" + S[0] + " " + S[1]),
    ("Include at least 3 section headings.", [TS("at least", 3)], "## A\n" + S[0] + "\n\n**B**\n" + S[1] + "\n\n## C\n" + S[2],
     "## A\n" + S[0] + "\n\n" + S[1] + "\n\n## C\n" + S[2]),
    ("Write two H2 headings.", [TS("exactly", 2, 2)], "## First\n" + S[0] + "\n\n## Second\n" + S[1], "# First\n" + S[0] + "\n\n## Second\n" + S[1]),
    ("Use exactly 4 headers.", [TS("exactly", 4)], "\n\n".join(f"**Head {i}**\n{S[i]}" for i in range(4)),
     "\n\n".join(f"**Head {i}**\n{S[i]}" for i in range(5))),
    ("Give no more than 2 headings.", [TS("at most", 2)], "## A\n" + S[0] + "\n\n## B\n" + S[1], "## A\n" + S[0] + "\n\n## B\n" + S[1] + "\n\n## C\n" + S[2]),
    ("Use exactly three H3 headings.", [TS("exactly", 3, 3)], "\n\n".join(f"### H{i}\n{S[i]}" for i in range(3)),
     "\n\n".join(f"### H{i}\n{S[i]}" for i in range(2)) + "\n\n## H2\n" + S[2]),
    ("Add at least 2 headings.", [TS("at least", 2)], "Part 1: Intro\n" + S[0] + "\n\n**Details**\n" + S[1], S[0] + "\n\n**Details**\n" + S[1]),
]:
    add("heading_count", prompt, good, bad, gold, "rejected has a heading too many or too few (or at another level)")

# ---- words_per_unit ----
WPU = lambda unit, rel, n: ("rwd:words_per_unit", {"unit": unit, "num_words": n, "relation": rel})
for prompt, gold, good, bad in [
    ("Make each list entry at most 6 words.", [("rwd:words_per_item", {"max_words": 6})],
     "- buy fresh bread today\n- call the plumber", "- buy fresh bread today\n- call the plumber about the leaking kitchen sink"),
    ("Every title should be no longer than 4 words.", [WPU("heading", "at most", 4)],
     "## Morning Walks\n" + S[0] + "\n\n## Evening Tea\n" + S[1], "## Morning Walks\n" + S[0] + "\n\n## A Long Evening Tea With Friends\n" + S[1]),
    ("Each item should be exactly 3 words.", [WPU("item", "exactly", 3)], "- pack warm socks\n- check the map", "- pack warm socks\n- check the old map"),
    ("Keep each sentence under 10 words.", [WPU("sentence", "less than", 10)], sents(3), sents(2) + " The volunteers who came early cleared snow from every main path."),
    ("Every bullet point must have at least 4 words.", [WPU("bullet", "at least", 4)], "- bring a warm coat\n- pack some dry food", "- bring a warm coat\n- pack food"),
    ("Each sentence should contain no more than 8 words.", [WPU("sentence", "at most", 8)], sents(2, 4), sents(1, 4) + " The mayor opened a new and very large reading room."),
    ("Each heading must be exactly 2 words.", [WPU("heading", "exactly", 2)], "## Fresh Start\n" + S[0] + "\n\n## Quiet End\n" + S[1], "## Fresh Start\n" + S[0] + "\n\n## The Quiet End\n" + S[1]),
    ("Keep every bullet under 5 words.", [("rwd:words_per_item", {"max_words": 4})], "- buy milk\n- feed the cat", "- buy milk\n- feed the cat before noon today"),
]:
    add("words_per_unit", prompt, good, bad, gold, "one unit of the rejected answer breaks the per-unit word count")

# ---- title_wrapper ----
TF = lambda w: ("rwd:title_format", {"wrapper": w})
for prompt, w, good, bad in [
    ("Give your answer a title in double asterisks.", "**", "**Winter Notes**\n" + S[0], "Winter Notes\n" + S[0]),
    ("Start with a bold title.", "**", "**A Quiet Lake**\n" + S[1], "*A Quiet Lake*\n" + S[1]),
    ("Put a title in double square brackets, like [[title]], at the top.", "[[", "[[Harbor Days]]\n" + S[2], "[Harbor Days]\n" + S[2]),
    ("Include an H1 title.", "#", "# Market Day\n" + S[3], "## Market Day\n" + S[3]),
    ("Begin with a title wrapped in double square brackets.", "[[", "[[Night Band]]\n" + S[3], "Night Band\n" + S[3]),
    ("The response needs a title formatted as a level-1 heading.", "#", "# Reading Room\n" + S[5], "Reading Room\n" + S[5]),
    ("Add a bold title at the top.", "**", "**Snow Paths**\n" + S[6], "Snow Paths\n" + S[6]),
]:
    add("title_wrapper", prompt, good, bad, [TF(w)], "rejected's title lacks the asked wrapper")

# ---- list_markers: custom markers named by the instruction ----
IM = lambda m: ("rwd:item_marker", {"marker": m})
for prompt, m in [
    ("Number the steps as [Step n].", "[Step {n}]"), ("Number each step with 'n:'.", "{n}:"),
    ("List the tasks, numbering them as (n).", "({n})"), ("Mark each item as Item n.", "Item {n}"),
    ("Number the tips as Tip #n.", "Tip #{n}"), ("Use the markers [n] for each point.", "[{n}]"),
]:
    good = "\n".join(m.replace("{n}", str(i + 1)) + " " + S[i] for i in range(3))
    bad = "\n".join(f"{i + 1}. " + S[i] for i in range(3))
    add("list_markers", prompt, good, bad, [IM(m)], "rejected numbers with '1.' instead of the asked marker")

# ---- numbered_items: 1. 1) 1: **1.** [1] all count ----
NL = lambda rel, n: ("rwd:numbered_list", {"num_items": n, "relation": rel})
for prompt, n, fmt in [
    ("Give a numbered list of 4 items.", 4, "{n})"), ("Provide a numbered list with exactly 3 points.", 3, "**{n}.**"),
    ("Write a numbered list of five items.", 5, "[{n}]"), ("Answer as a numbered list of 3 steps.", 3, "{n}:"),
    ("Make a numbered list of exactly 2 items.", 2, "{n}."), ("Use a numbered list of 4 points.", 4, "**{n})**"),
]:
    good = "\n".join(fmt.format(n=i + 1) + " " + S[i] for i in range(n))
    bad = "\n".join(fmt.format(n=i + 1) + " " + S[i] for i in range(n + 1))
    add("numbered_items", prompt, good, bad, [NL("exactly", n)], f"rejected has {n + 1} items")

# ---- start_end ----
for prompt, gold, good, bad in [
    ("Begin your answer with '1.' and list two tips.", [("rwd:start_phrase", {"starter": "1."})], "1. Sleep well.\n2. Drink water.", "Tips:\n1. Sleep well.\n2. Drink water."),
    ("Answer in one complete sentence ending with a period.", [NS("at least", 1), NS("less than", 2), ("rwd:ending_punctuation", {"punctuation": "."})], S[0], S[0][:-1] + "!"),
    ("Close with a summary in curly braces.", [("rwd:end_wrapper", {"wrapper": "{}"})], sents(2) + "\n\n{In short: a good season.}", sents(2) + "\n\nIn short: a good season."),
    ("End your response with a question mark.", [("rwd:ending_punctuation", {"punctuation": "?"})], S[0] + " Would you visit?", S[0] + " You should visit."),
    ('Finish with the exact phrase "See you soon."', [("startend:end_checker", {"end_phrase": "See you soon."})], S[1] + " See you soon.", S[1] + " See you later."),
    ('Start your reply with "Dear Sam".', [("rwd:start_phrase", {"starter": "Dear Sam"})], "Dear Sam, " + S[2], "Hi Sam, " + S[2]),
    ("Wrap up with a one-line summary in curly braces.", [("rwd:end_wrapper", {"wrapper": "{}"})], sents(2, 3) + "\n{Summary: all went well.}", sents(2, 3) + "\n(Summary: all went well.)"),
    ("Finish your answer with an exclamation mark.", [("rwd:ending_punctuation", {"punctuation": "!"})], S[4] + " What a day!", S[4] + " What a day."),
]:
    add("start_end", prompt, good, bad, gold, "rejected starts or ends otherwise")

# ---- code ----
CB = lambda lang=None: ("rwd:code_block", {"code_language": lang} if lang else {})
CL = lambda rel, n: ("rwd:code_lines", {"num_lines": n, "relation": rel})
for prompt, gold, good, bad in [
    ("Show the fix in a fenced code block in Python.", [CB("python")], "```python\nx = 1\n```", "```\nx = 1\n```"),
    ("Include a bash code block.", [CB("bash")], "Run:\n```bash\nls -la\n```", "Run: `ls -la`"),
    ("Write exactly 3 lines of code.", [CL("exactly", 3)], "```\na = 1\nb = 2\nc = a + b\n```", "```\na = 1\nb = 2\nc = a + b\nprint(c)\n```"),
    ("Use no more than 4 lines of code.", [CL("at most", 4)], "```\na = 1\nprint(a)\n```", "```\na = 1\nb = 2\nc = 3\nd = 4\nprint(a)\n```"),
    ("Answer with a code block in JavaScript.", [CB("javascript")], "```javascript\nlet a = 1;\n```", "```python\na = 1\n```"),
    ("Give at least 5 lines of code.", [CL("at least", 5)], "```\na=1\nb=2\nc=3\nd=4\ne=5\n```", "```\na=1\nb=2\n```"),
    ("Put the query in a SQL code block.", [CB("sql")], "```sql\nSELECT 1;\n```", "SELECT 1;"),
    ("Write exactly two lines of code in a python code block.", [CB("python"), CL("exactly", 2)], "```python\na = 1\nprint(a)\n```", "```python\na = 1\n```"),
]:
    add("code", prompt, good, bad, gold, "rejected lacks the asked fence, language or line count")

# ---- keywords_per_unit ----
KPU = lambda unit, kws: ("rwd:keywords_per_unit", {"unit": unit, "keywords": kws})
for prompt, unit, kw in [
    ('Mention "safety" in every paragraph.', "paragraph", "safety"), ('Each section must include the word "cost".', "section", "cost"),
    ('Use the keyword "green" in each paragraph.', "paragraph", "green"), ("Every paragraph should mention 'budget'.", "paragraph", "budget"),
    ('Include "risk" in every section.', "section", "risk"), ('Make sure each paragraph contains the word "team".', "paragraph", "team"),
]:
    if unit == "paragraph":
        good = f"Our {kw} plan starts now.\n\nThe {kw} rules stay.\n\nWe review {kw} weekly."
        bad = f"Our {kw} plan starts now.\n\nThe {kw} rules stay.\n\nWe review things weekly."
    else:
        good = f"## One\nThe {kw} is low.\n\n## Two\nThe {kw} is high."
        bad = f"## One\nThe {kw} is low.\n\n## Two\nThe price is high."
    add("keywords_per_unit", prompt, good, bad, [KPU(unit, [kw])], "the last unit of the rejected answer lacks the keyword")

# ---- distinct_initials ----
for prompt in ["Every sentence must start with a different letter.", "Make sure no two sentences begin with the same letter.",
               "Each sentence should begin with a different letter.", "Write four sentences, each starting with a different letter.",
               "All sentences must start with different letters."]:
    gold = [("rwd:distinct_sentence_initials",)]
    if prompt.startswith("Write four"):
        gold = [NS("at least", 4), NS("less than", 5), ("rwd:distinct_sentence_initials",)]
    add("distinct_initials", prompt, "Apples grow here. Bees visit daily. Cats nap nearby. Dogs bark loudly.",
        "Apples grow here. Bees visit daily. Birds sing nearby. Dogs bark loudly.", gold, "two sentences of the rejected answer share a first letter")

# ---- list_length ----
LI = lambda rel, n: ("rwd:list_items", {"num_items": n, "relation": rel})
for prompt, rel, n in [("Give a timeline of at least 5 items.", "at least", 5), ("Provide a list of at least 4 entries.", "at least", 4),
                        ("Make a list with at least three items.", "at least", 3), ("Write a timeline with no fewer than 6 events.", "at least", 6),
                        ("Create a checklist of at least 5 items.", "at least", 5), ("Give me a list of at least 2 items.", "at least", 2)]:
    good = "\n".join(f"- {S[i]}" for i in range(n))
    bad = "\n".join(f"- {S[i]}" for i in range(n - 1))
    add("list_length", prompt, good, bad, [LI(rel, n)], f"rejected lists {n - 1} items")

# ---- char_limit: a character limit stays a character limit ----
CC = lambda rel, n: ("rwd:char_count", {"num_chars": n, "relation": rel})
for prompt, gold, good, bad in [
    ("Write a tweet under 100 characters.", [CC("less than", 100)], S[0] + " " + S[1], sents(4)),
    ("Keep the reply to no more than 60 characters.", [CC("at most", 60)], S[0], S[0] + " " + S[1]),
    ("Write a description of at least 120 characters.", [CC("at least", 120)], sents(4), S[0]),
    ("Your slogan must be fewer than 40 characters.", [CC("less than", 40)], "Fresh bread daily.", "Fresh bread every single day, right by the pier."),
    ("Respond in at most 80 characters.", [CC("at most", 80)], S[2], sents(3, 2)),
    ("The bio should be at least 150 characters long.", [CC("at least", 150)], sents(5), sents(2)),
]:
    add("char_limit", prompt, good, bad, gold, "rejected is on the wrong side of the character limit")

# ---- precision_part: an ask about a part is not applied to the whole ----
BL = lambda n: ("detectable_format:number_bullet_lists", {"num_bullets": n})
for prompt, gold, good, bad in [
    ("Write the heading in capitals and use exactly 3 bullet points.", [BL(3)], "# TIPS\n* a\n* b\n* c", "# TIPS\n* a\n* b\n* c\n* d"),
    ("Put the title in lowercase and answer in exactly 2 bullet points.", [BL(2)], "# tips\n* One tip here\n* Another tip", "# tips\n* One tip here"),
    ("The first word should be in bold. Use exactly 3 bullet points.", [BL(3)], "**Here** are tips:\n* a\n* b\n* c", "**Here** are tips:\n* a\n* b"),
    ("Write the product name in italics and keep it under 30 words.", [NW("less than", 30)], "*Glow* lamps light rooms well.", words(31) + "."),
    ("Make the headings all lowercase and use exactly 2 bullet points.", [BL(2)], "# intro\n* x y\n* z w", "# intro\n* x y\n* z w\n* v"),
    ("Capitalize the name of each city and include exactly 3 bullet points.", [BL(3)], "* Paris\n* Rome\n* Oslo", "* Paris\n* Rome"),
]:
    add("precision_part", prompt, good, bad, gold, "the part-ask is not a whole-answer constraint; rejected breaks the count")

# ---- precision_numbers: a number in the question's content is not a length constraint ----
for prompt, gold, good, bad in [
    ("Summarize the 5 steps of the scientific method in under 40 words.", [NW("less than", 40)], words(30) + ".", words(45) + "."),
    ("Explain the 3 laws of motion in fewer than 50 words.", [NW("less than", 50)], words(40) + ".", words(55) + "."),
    ("Describe a 10-day trip to Peru in at most 3 sentences.", [NS("less than", 4)], sents(3), sents(4)),
    ("Review this 300-word article in under 30 words.", [NW("less than", 30)], words(25) + ".", words(33) + "."),
    ("List the 7 wonders in exactly 7 bullet points.", [BL(7)], "\n".join("* w" for _ in range(7)), "\n".join("* w" for _ in range(6))),
    ("My 2 kids are 4 and 6 years old; suggest games in fewer than 35 words.", [NW("less than", 35)], words(20) + ".", words(40) + "."),
]:
    add("precision_numbers", prompt, good, bad, gold, "only the length ask is a constraint")

# ---- precision_sections: "N sections" is not "N highlighted sections" ----
for prompt, gold, good, bad in [
    ("Write 3 sections, each with a heading.", [TS("exactly", 3)], "## A\nx\n\n## B\ny\n\n## C\nz", "## A\nx\n\n## B\ny"),
    ("Split your answer into 2 sections with headings.", [TS("exactly", 2)], "## A\nx\n\n## B\ny", "## A\nx y"),
    ("Organize it into 4 sections with markdown headings.", [TS("exactly", 4)], "\n\n".join(f"## S{i}\nt" for i in range(4)), "\n\n".join(f"## S{i}\nt" for i in range(3))),
    ("Divide the report into 3 titled sections.", [TS("exactly", 3)], "**A**\nx\n\n**B**\ny\n\n**C**\nz", "**A**\nx\n\n**B**\ny"),
    ("Use at least 2 sections with headers.", [TS("at least", 2)], "# A\nx\n\n# B\ny", "# A\nx"),
]:
    add("precision_sections", prompt, good, bad, gold, "sections are headed sections, not highlights")

# ---- exact_relations: each relation keeps its meaning ----
BC = lambda rel, n: ("rwd:bullet_count", {"num_bullets": n, "relation": rel})
bul = lambda n: "\n".join(f"* {S[i]}" for i in range(n))
for prompt, gold, good, bad in [
    ("Use exactly 3 bullet points.", [BL(3)], bul(3), bul(2)),
    ("Use no more than 4 bullet points.", [BC("at most", 4)], bul(4), bul(5)),
    ("Give up to 3 bullet points.", [BC("at most", 3)], bul(2), bul(4)),
    ("Answer in between 2 and 4 bullet points.", [BC("at least", 2), BC("at most", 4)], bul(3), bul(5)),
    ("Include at least 3 bullet points.", [BC("at least", 3)], bul(4), bul(2)),
    ("Reply in up to 5 sentences.", [NS("less than", 6)], sents(5), sents(6)),
    ("Write exactly 2 sentences.", [NS("at least", 2), NS("less than", 3)], sents(2), sents(1)),
    ("Use fewer than 3 bullet points.", [BC("less than", 3)], bul(2), bul(3)),
]:
    add("exact_relations", prompt, good, bad, gold, "rejected is on the wrong side of the relation")

# ---- soft_only: answers differ only in a soft ask; they must tie ----
for prompt, gold, a, b in [
    ("Write a cheerful note to a coworker in under 30 words.", [NW("less than", 30)], "Great job today, the demo was fantastic and everyone loved it!", "The demo happened today. It was fine. Nothing more to add."),
    ("In a formal tone, reply in exactly 2 sentences.", [NS("at least", 2), NS("less than", 3)], "We appreciate your inquiry. Our team will respond shortly.", "Thanks for asking lol. We'll get back soon."),
    ("Focus on the benefits and use exactly 3 bullet points.", [BL(3)], "* saves time\n* saves money\n* reduces stress", "* costs more\n* takes effort\n* needs training"),
    ("Be encouraging, and include the word \"progress\".", [KW(["progress"])], "You made real progress, keep going!", "There was some progress, but not much."),
    ("Sound enthusiastic and write at least 10 words.", [NW("at least", 10)], "Wow, this trip is going to be absolutely amazing for all of us!", "The trip is planned and it will happen next week as arranged."),
    ("Keep a playful tone and do not use any commas.", [("punctuation:no_comma",)], "Cats rule the house and we just live here.", "The cat lives in the house and sleeps often."),
    ("Write it for a child and respond in all lowercase.", [("change_case:english_lowercase",)], "the moon is a big rock that shines at night.", "the lunar body reflects solar radiation at night."),
    ("Make it persuasive and end with a question mark.", [("rwd:ending_punctuation", {"punctuation": "?"})], "Why wait when you could start today?", "Is it time to consider starting?"),
    ("Emphasize safety and answer in exactly 2 paragraphs.", [PC("exactly", 2)], "Safety first, always.\n\nWear a helmet on every ride.", "Riding is fun.\n\nEnjoy the trails."),
    ("Use a warm voice and include the keyword \"welcome\".", [KW(["welcome"])], "A warm welcome to you all, friends!", "Welcome. Registration is at the desk."),
    ("Keep it upbeat and under 20 words.", [NW("less than", 20)], "Sunny skies ahead, let's enjoy the day!", "Weather will be sunny tomorrow."),
    ("Write humorously and use exactly 2 bullet points.", [BL(2)], "* my cat is my boss\n* my dog is the intern", "* cats need food\n* dogs need walks"),
    ("Be concise and friendly, and answer in fewer than 3 sentences.", [NS("less than", 3)], "Happy to help! The store opens at nine.", "The store opens at nine. That is all."),
    ("Focus on history, and include the keywords \"castle\" and \"river\".", [KW(["castle", "river"])], "The castle was built by the river in 1200.", "The castle by the river now hosts concerts."),
    ("Sound optimistic and write no more than 15 words.", [NW("less than", 16)], "Tomorrow will be brighter, and we will get there together.", "Tomorrow might be the same as today, we will see."),
    ("Keep it neutral and use exactly 3 bullet points.", [BL(3)], "* option one\n* option two\n* option three", "* the best option\n* a bad option\n* the worst option"),
]:
    add("soft_only", prompt, a, b, gold, "both answers meet every hard constraint; they differ only in the soft ask")

# ---- both_miss: both answers miss the same count; graded credit decides by closeness, binary credit ties ----
# (a) nothing else differs and the chosen answer is closer; (b) the chosen answer is farther but better on a soft ask;
# (c) the rejected answer is closer but also breaks another hard constraint. Used to decide graded credit.
for prompt, gold, good, bad in [
    ("Use exactly 5 bullet points.", [BL(5)], bul(4), bul(2)),
    ("Write exactly 6 sentences.", [NS("at least", 6), NS("less than", 7)], sents(5), sents(2)),
    ("Answer in at least 40 words.", [NW("at least", 40)], words(36) + ".", words(12) + "."),
    ("Write exactly 4 paragraphs.", [PC("exactly", 4)], paras(3), paras(1)),
    ("Give a numbered list of 6 items.", [NL("exactly", 6)], "\n".join(f"{i + 1}. {S[i]}" for i in range(5)), "\n".join(f"{i + 1}. {S[i]}" for i in range(2))),
    ("In a cheerful tone, write exactly 3 sentences.", [NS("at least", 3), NS("less than", 4)], "What a lovely day! The sun is out. We laughed a lot. Everyone smiled. It was great.", "The day was grey. Nothing happened. It was dull. We left."),
    ("Focus on the benefits and use exactly 3 bullet points.", [BL(3)], "* saves time\n* saves money\n* less stress\n* more sleep\n* happier teams", "* costs more\n* takes effort\n* needs training\n* slow start"),
    ("Be encouraging and answer in under 20 words.", [NW("less than", 20)], words(30) + " you can do it!", words(22) + "."),
    ("Use exactly 4 bullet points and include the word \"budget\".", [BL(4), KW(["budget"])], "* the budget\n* b", "* a\n* b\n* c"),
    ("Write exactly 5 sentences and do not use any commas.", [NS("at least", 5), NS("less than", 6), ("punctuation:no_comma",)], sents(2), "One, two. " + sents(3)),
]:
    add("both_miss", prompt, good, bad, gold, "both miss the count; see the family's comment")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "freeform.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for it in items:
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
fams = {}
for it in items:
    fams[it["family"]] = fams.get(it["family"], 0) + 1
print(f"{len(items)} items, {len(fams)} families -> {out}")
for k, v in fams.items():
    print(f"  {k}: {v}")
