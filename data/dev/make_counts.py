#!/usr/bin/env python3
"""Writes data/dev/counts-blind.jsonl: LLM-style answers (markdown headings, bold title lines, bullet and numbered
lists, tables, code fences, dividers, abbreviations, URLs, emoji, quotes, ellipses, "Step 1:" labels) each labelled
with what a careful writer counts (issue 16, point 1, checker side). Written for this project, by hand, BEFORE reading
the engine's counting code or its tests; the labels follow docs/instruction-following.md ("The writer's rules") as a
careful reader of that page, and a human counting on paper, would apply them.

Each line: {"key", "response", "labels": {kind: n}, "note"} with kinds
  words      whitespace tokens holding a letter or digit; list markers, heading #'s and fenced code are not words
  sentences  prose sentences; headings, dividers, tables and code are not sentences
  paragraphs blocks of prose or list items between blank lines / dividers / fences / headings
  headings   markdown headings, bold-only title lines, labelled lines ("Section 2:", "Step 3")
  bullets    bullet items (-, *, +, bullet sign), nested ones included
  numbered   numbered items (1., 1), 1:, **1.**, [1], (1), and "Step 1:" lines used as list items)
A kind is left out of "labels" where the doc's rule is genuinely ambiguous for that answer ("note" says why).

Word labels: counted by `words()` below, which is the words rule above written out (strip fenced code, the heading
#'s, the quote '>' and a list marker at the start of a line, then count whitespace tokens holding a letter or digit),
checked by hand on the answers; `w=` overrides it where a careful count differs. Every other label is hand-written.
Run: /usr/bin/python3 data/dev/make_counts.py  (deterministic; no randomness)."""
import json, os, re, textwrap

items = []
MARKER = re.compile(r"^(?:[-*+\u2022]\s+|\*\*\d+[.)]\*\*\s+|\d+[.):]\s+|\[\d+\]\s+|\(\d+\)\s+)")


def words(text):
    n, fence = 0, False
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        s = re.sub(r"^#{1,6}\s+", "", s)
        s = re.sub(r"^>\s*", "", s)
        s = MARKER.sub("", s)
        n += sum(1 for t in s.split() if any(c.isalnum() for c in t))
    return n


def add(text, w="auto", note="", **labels):
    text = textwrap.dedent(text).strip("\n")
    if w == "auto":
        labels = {"words": words(text), **labels}
    elif w is not None:
        labels = {"words": w, **labels}
    key = f"count-{len(items) + 1:03d}"
    items.append({"key": key, "response": text, "labels": labels, "note": note})


def L(s=None, p=None, h=None, b=None, n=None):
    out = {}
    for k, v in (("sentences", s), ("paragraphs", p), ("headings", h), ("bullets", b), ("numbered", n)):
        if v is not None:
            out[k] = v
    return out


# ---------------------------------------------------------------- 1-20: headings, intros, bullets, conclusions
add("""
    ## Benefits of Morning Walks

    A short walk before breakfast wakes the body up. It also gives you a quiet moment to plan the day.

    - It improves circulation.
    - It lifts your mood.
    - It helps you sleep better at night.

    Start with ten minutes and build from there.
    """, **L(s=6, p=3, h=1, b=3, n=0))

add("""
    **Quick Guide to Composting**

    Composting turns kitchen scraps into rich soil. Here is how to begin:

    1. Pick a shady spot in the yard.
    2. Layer green and brown materials.
    3. Turn the pile every week.

    In two or three months you will have usable compost!
    """, **L(s=6, p=3, h=1, b=0, n=3))

add("""
    # How to Brew Green Tea
    Heat the water to about 80 degrees Celsius. Boiling water makes the tea bitter.
    ## Steeping
    Steep the leaves for two minutes. Taste, then steep a little longer if you like.
    """, note="headings without blank lines still split paragraphs", **L(s=4, p=2, h=2, b=0, n=0))

add("""
    ### Why does sleep matter?

    Sleep restores the brain. During deep sleep the body repairs tissue and stores memories.

    ### How much do adults need?

    Most adults need seven to nine hours. Teenagers need a bit more.
    """, note="markdown headings ending in '?' are still headings, not sentences", **L(s=4, p=2, h=2, b=0, n=0))

add("""
    Great question! 😊

    The moon has phases because we see different parts of its sunlit half as it orbits Earth. When it sits between
    us and the sun, we see a new moon. When Earth sits between them, we see a full moon.

    Hope this helps! 🌙
    """, note="emoji are not words", **L(s=5, p=3, h=0, b=0, n=0))

add("""
    Here are three tips for better focus:

    - Turn off notifications
    - Work in 25-minute blocks
    - Take short breaks

    Try them for a week and see what changes.
    """, note="bullets without end punctuation are one sentence each; colon preamble is one sentence",
    **L(s=5, p=3, h=0, b=3, n=0))

add("""
    Here are three tips for better focus:
    - Turn off notifications.
    - Work in 25-minute blocks.
    - Take short breaks.
    """, note="preamble directly followed by its list: one block", **L(s=4, p=1, h=0, b=3, n=0))

add("""
    ## Pros

    * Cheap to run
    * Easy to repair

    ## Cons

    * Slow on hills
    * Heavy to carry upstairs
    """, **L(s=4, p=2, h=2, b=4, n=0))

add("""
    **Ingredients**
    - 2 cups flour
    - 1 cup sugar
    - 3 eggs

    **Method**
    1. Mix the dry ingredients.
    2. Beat in the eggs one at a time.
    3. Bake at 180 °C for 35 minutes.
    """, note="bold-only title lines directly above their lists", **L(s=6, p=2, h=2, b=3, n=3))

add("""
    Dr. Patel recommends drinking water before each meal. She also suggests a walk after dinner.
    """, note="'Dr.' is an abbreviation", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    The U.S. economy grew by 3.5% last quarter, according to the Commerce Department. Analysts expected 2.9%.
    """, note="'U.S.' followed by a lowercase word; decimals", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    Mr. and Mrs. Chen arrived at 9 a.m. on Monday. They left by noon.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    J. R. R. Tolkien wrote The Hobbit in 1937. It was an instant success.
    """, note="initials", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    You can read the full docs at https://example.com/docs/v2.1/index.html for details. The site also has a FAQ.
    """, note="URL with dots inside", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    She looked at the map... then she turned left. Nobody followed her.
    """, note="ellipsis followed by a lowercase word does not end a sentence", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    He said, "We leave at dawn." Then he went to bed.
    """, note="sentence end inside closing quotes", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    "Is it ready?" she asked. The cook shook his head.
    """, note="question in quotes followed by a lowercase tag", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    We packed tents, stoves, lanterns, etc. The trip itself took four days.
    """, note="'etc.' that ends a sentence before a capitalised word", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    Python 3.12 adds better error messages. Version 3.11 was already faster than 3.10 by about 25%.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    Wow! That is a big question. Let me break it down.
    """, **L(s=3, p=1, h=0, b=0, n=0))

# ---------------------------------------------------------------- 21-40: dividers, code, tables
add("""
    The first part covers the history of the bridge.

    ***

    The second part covers its design.

    ***

    The third part covers repairs made in 1998.
    """, **L(s=3, p=3, h=0, b=0, n=0))

add("""
    The first part covers the history of the bridge.
    * * *
    The second part covers its design.
    * * *
    The third part covers repairs made in 1998.
    """, note="spaced dividers without blank lines", **L(s=3, p=3, h=0, b=0, n=0))

add("""
    Intro paragraph about the tool.

    ---

    Body paragraph with the details. It has two sentences.

    ---

    Closing paragraph.
    """, **L(s=4, p=3, h=0, b=0, n=0))

add("""
    To reverse a list in Python, use slicing:

    ```python
    items = [1, 2, 3]
    print(items[::-1])
    ```

    This prints the list backwards. It does not change the original list.
    """, note="code is not words, sentences or paragraphs", **L(s=3, p=2, h=0, b=0, n=0))

add("""
    ## Setup

    Install the package first.

    ```bash
    pip install requests
    # then check the version.
    python -c "import requests; print(requests.__version__)"
    ```

    ## Usage

    Call `requests.get(url)` and read `.json()` from the result.
    """, note="a '#' comment inside code is not a heading", **L(s=2, p=2, h=2, b=0, n=0))

add("""
    Here is a comparison of the two plans:

    | Plan | Price | Storage |
    |------|-------|---------|
    | Basic | $5 | 10 GB |
    | Pro | $12 | 100 GB |

    The Pro plan is better value if you need space.
    """, note="table cells are words, table rows are not sentences; a table-only block is not a paragraph",
    **L(s=2, p=2, h=0, b=0, n=0))

add("""
    | Step | Action |
    | --- | --- |
    | 1 | Unplug the router. |
    | 2 | Wait thirty seconds. |
    | 3 | Plug it back in. |
    """, note="table only: no sentences, no paragraphs, no list items", **L(s=0, p=0, h=0, b=0, n=0))

add("""
    ### Summary

    | Metric | Value |
    |---|---|
    | Accuracy | 0.91 |
    | Recall | 0.87 |

    Both numbers improved after retraining.
    """, **L(s=1, p=1, h=1, b=0, n=0))

add("""
    ```js
    const x = 1;
    // Step 1: do it.
    - not a bullet
    ```
    """, note="code only", **L(s=0, p=0, h=0, b=0, n=0))

add("""
    Run the following command:
    ```
    make test
    ```
    If it fails, read the log.
    """, note="fences split paragraphs even without blank lines", **L(s=2, p=2, h=0, b=0, n=0))

add("""
    ## Overview
    ***
    This report has three parts.
    ***
    ## Findings
    The results were mixed.
    """, **L(s=2, p=2, h=2, b=0, n=0))

add("""
    First paragraph with one sentence.



    Second paragraph after several blank lines.
    """, **L(s=2, p=2, h=0, b=0, n=0))

add("""
    Line one of a poem
    line two of the poem
    line three ends here.

    A new stanza starts
    and ends here.
    """, note="consecutive prose lines are one block", **L(s=2, p=2, h=0, b=0, n=0))

add("""
    > The only way to do great work is to love what you do.

    That quote is often shared at graduations. It is still good advice.
    """, note="a blockquote sentence counts as prose", **L(s=3, p=2, h=0, b=0, n=0))

add("""
    Key points:

    - Revenue rose 12%.
      - Most of it came from Europe.
      - Asia was flat.
    - Costs fell 3%.
    """, note="nested bullets: careful writers differ on whether sub-bullets count as bullet points",
    **L(s=5, p=2, h=0, n=0))

add("""
    1. Open the app.
    2. Tap **Settings**.
    3. Choose *Privacy*.
    4. Turn off *Location*.
    """, **L(s=4, p=1, h=0, b=0, n=4))

add("""
    1) Preheat the oven.
    2) Grease the pan.
    3) Pour in the batter.
    """, **L(s=3, p=1, h=0, b=0, n=3))

add("""
    **1.** Gather your documents.
    **2.** Fill in the form online.
    **3.** Book an appointment.
    **4.** Bring the originals.
    """, **L(s=4, p=1, h=0, b=0, n=4))

add("""
    According to recent studies, exercise improves memory [1]. Sleep matters too [2].

    References:

    [1] Smith, A. (2020). Exercise and memory. Journal of Health, 12(3).
    [2] Lee, B. (2019). Sleep and learning. Mind Review, 8(1).
    """, w=None, note="reference entries hold abbreviations and years: sentence counts of citations, and "
              "whether an inline '[1].' is a word, are unclear", **L(p=3, h=0, b=0, n=2))

add("""
    Step 1: Remove the cover.
    Step 2: Unscrew the four bolts.
    Step 3: Lift out the filter.
    Step 4: Rinse it under warm water.
    """, note="'Step n:' lines ending in '.' are numbered steps, not headings", **L(s=4, p=1, h=0, b=0, n=4))

# ---------------------------------------------------------------- 41-60: labelled sections, mixed shapes
add("""
    Section 1: Background
    The city built its first tram line in 1891.

    Section 2: Decline
    Cars replaced trams after the war.

    Section 3: Revival
    New lines opened in the 1990s.
    """, **L(s=3, p=3, h=3, b=0, n=0))

add("""
    Part I - The Problem

    Plastic waste is growing fast.

    Part II - The Solution

    Better recycling and less packaging will help.
    """, **L(s=2, p=2, h=2, b=0, n=0))

add("""
    Day 1: Arrive in Lisbon
    Check in and walk around Alfama.

    Day 2: Sintra
    Take the morning train and visit the palaces.

    Day 3: Belem
    See the tower and try the pastries.
    """, **L(s=3, p=3, h=3, b=0, n=0))

add("""
    **Day 1 - Arrival**

    Land in Tokyo and rest.

    **Day 2 - Temples**

    Visit Asakusa and Meiji Shrine.
    """, **L(s=2, p=2, h=2, b=0, n=0))

add("""
    Week 1
    Focus on form with light weights.

    Week 2
    Add one set to each exercise.
    """, **L(s=2, p=2, h=2, b=0, n=0))

add("""
    **Introduction:**
    Remote work has changed how teams talk.

    **Challenges:**
    Time zones make meetings hard.

    **Conclusion:**
    Clear writing matters more than ever.
    """, note="bold-only lines with a trailing colon", **L(s=3, p=3, h=3, b=0, n=0))

add("""
    **Tip:** Drink a glass of water first thing in the morning.

    **Why:** Your body loses water overnight.
    """, note="bold lead-in label followed by text on the same line is not a heading", **L(s=2, p=2, h=0, b=0, n=0))

add("""
    # Travel Checklist

    ## Documents
    - Passport
    - Visa

    ## Clothes
    - Rain jacket
    - Walking shoes

    ## Gadgets
    - Charger
    - Adapter
    """, **L(s=6, p=3, h=4, b=6, n=0))

add("""
    ## 1. Choose a Topic

    Pick something you care about.

    ## 2. Do the Research

    Read at least three sources.

    ## 3. Write a Draft

    Do not edit while you write.
    """, note="numbered markdown headings are headings, not numbered list items", **L(s=3, p=3, h=3, b=0, n=0))

add("""
    **1. Choose a Topic**
    Pick something you care about.

    **2. Do the Research**
    Read at least three sources.
    """, w=None, note="bold numbered title lines: headings; as numbered items (and whether '**1.' is a word) "
              "the doc is silent", **L(s=2, p=2, h=2, b=0))

add("""
    Here's a simple plan:

    1. **Warm up:** Five minutes of easy jogging.
    2. **Main set:** Four fast laps with rest between.
    3. **Cool down:** Stretch for ten minutes.

    Stick with it for a month!
    """, **L(s=5, p=3, h=0, b=0, n=3))

add("""
    There are several options:
    - **Option A** – cheaper but slower.
    - **Option B** – faster but costs more.

    I'd go with Option B if the budget allows it.
    """, note="a dash between words is not a word", **L(s=4, p=2, h=0, b=2, n=0))

add("""
    Sure! Here's a short poem about autumn:

    Leaves of red and gold
    drift across the quiet lane,
    summer's story told.

    Let me know if you'd like another one!
    """, note="'Sure!' opener is its own sentence; a poem without end punctuation is one sentence",
    **L(s=4, p=3, h=0, b=0, n=0))

add("""
    The answer is 42.
    """, **L(s=1, p=1, h=0, b=0, n=0))

add("""
    Yes.
    """, **L(s=1, p=1, h=0, b=0, n=0))

add("""
    In short: no, it isn't safe to eat raw chicken. Cook it to 74 °C (165 °F) inside.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    It's a well-known, state-of-the-art method that's been around since the mid-2000s.
    """, note="hyphenated words and contractions are one word", **L(s=1, p=1, h=0, b=0, n=0))

add("""
    The meeting is at 3:30 p.m. Please don't be late.
    """, note="'p.m.' ends the first sentence before a capitalised word", **L(s=2, p=1, h=0, b=0, n=0))

add("""
    What do you need? A pen, a notebook, and patience.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    Prices range from $10 to $25 — depending on size — and shipping is free.
    """, note="standalone em dashes are not words", **L(s=1, p=1, h=0, b=0, n=0))

# ---------------------------------------------------------------- 61-80: longer answers
add("""
    # The Water Cycle

    Water moves constantly between the oceans, the air and the land. This movement is called the water cycle.

    ## Evaporation

    The sun heats surface water, which rises as vapor. Plants add more through transpiration.

    ## Condensation

    As vapor rises, it cools and forms clouds.

    ## Precipitation

    When droplets grow heavy, they fall as rain, snow or hail.

    ---

    In summary, the cycle has no start or end. It simply repeats.
    """, **L(s=8, p=5, h=4, b=0, n=0))

add("""
    **Summary**

    The project finished two weeks early and under budget.

    **Key Results**

    - Load time dropped from 4.2 s to 1.1 s.
    - Crash reports fell by 60%.
    - User ratings rose to 4.7 stars.

    **Next Steps**

    1. Roll out to all regions.
    2. Add offline mode.
    """, **L(s=6, p=3, h=3, b=3, n=2))

add("""
    Certainly! Below is a step-by-step guide to changing a flat tire.

    Step 1: Find a safe place to stop.
    Step 2: Turn on your hazard lights.
    Step 3: Loosen the lug nuts slightly.
    Step 4: Jack up the car.
    Step 5: Replace the tire and tighten the nuts.

    Drive carefully and get the flat repaired soon.
    """, **L(s=8, p=3, h=0, b=0, n=5))

add("""
    Step 1: Prepare

    Wash and chop all the vegetables.

    Step 2: Cook

    Fry the onions until soft, then add the rest.

    Step 3: Serve

    Garnish with herbs.
    """, note="'Step n: Title' lines without end punctuation are headings; whether they are also numbered items "
              "is ambiguous", **L(s=3, p=3, h=3, b=0))

add("""
    Here's the breakdown:

    1. Rent: $1,200
    2. Food: $400
    3. Transport: $150
    4. Savings: $250

    Total: $2,000 per month.
    """, **L(s=6, p=3, h=0, b=0, n=4))

add("""
    I recommend three books:

    - *Sapiens* by Yuval Noah Harari. A sweeping history of humankind.
    - *Atomic Habits* by James Clear. Small changes, big results.
    - *Educated* by Tara Westover. A memoir about learning.
    """, note="bullets holding two sentences each", **L(s=7, p=2, h=0, b=3, n=0))

add("""
    No problem! Let's go through it.

    First, open the terminal. Next, type `ls` to list files. Finally, press Enter.

    That's it.
    """, **L(s=6, p=3, h=0, b=0, n=0))

add("""
    ### Option 1: Train

    The train takes 2 hours and costs about €40.

    ### Option 2: Bus

    The bus takes 3.5 hours but costs only €15.

    ### Option 3: Car

    Driving takes 2.5 hours; tolls add €12.

    **Verdict:** Take the train if you value time.
    """, **L(s=4, p=4, h=3, b=0, n=0))

add("""
    Photosynthesis happens in the chloroplasts. Light energy splits water molecules, releasing oxygen. The energy
    is stored in ATP and NADPH. These then power the Calvin cycle, which builds sugar from CO2.

    Without this process, most life on Earth could not exist.
    """, **L(s=5, p=2, h=0, b=0, n=0))

add("""
    TL;DR: Use a password manager.

    Long version: reusing passwords is risky because one breach exposes every account. A manager creates a strong,
    unique password for each site. It also fills them in for you.
    """, **L(s=4, p=2, h=0, b=0, n=0))

add("""
    **Pros:**
    - Fast
    - Cheap
    - Reliable

    **Cons:**
    - Noisy
    - Bulky
    """, **L(s=5, p=2, h=2, b=5, n=0))

add("""
    • Eat more vegetables.
    • Walk every day.
    • Sleep eight hours.
    """, **L(s=3, p=1, h=0, b=3, n=0))

add("""
    + Red
    + Green
    + Blue
    """, **L(s=3, p=1, h=0, b=3, n=0))

add("""
    The top five languages in 2024 were:
    1. Python
    2. JavaScript
    3. Java
    4. C#
    5. C++
    """, note="'C#' and 'C++' are words", **L(s=6, p=1, h=0, b=0, n=5))

add("""
    Let me explain with an example. Suppose you invest $1,000 at 5% a year. After one year you have $1,050. After
    two years you have $1,102.50, because the interest also earns interest.
    """, **L(s=4, p=1, h=0, b=0, n=0))

add("""
    Chapter 1

    It was a cold morning in the village.

    Chapter 2

    By noon, the snow had stopped.
    """, **L(s=2, p=2, h=2, b=0, n=0))

add("""
    Phase 1 - Discovery: interview users and map their needs.
    Phase 2 - Design: sketch and test prototypes.
    Phase 3 - Build: ship the first version.
    """, note="labelled lines that carry their content and end in '.': prose by the rule, but a writer could see "
              "three labelled headings or three numbered phases", **L(p=1, b=0))

add("""
    ## Conclusion

    Overall, the new policy is a step forward. However, it needs clearer rules on enforcement. Without them,
    companies may ignore it.
    """, **L(s=3, p=1, h=1, b=0, n=0))

add("""
    Absolutely, here you go:

    ***

    **Morning**
    Yoga and breakfast.

    **Afternoon**
    Museum visit.

    **Evening**
    Dinner by the river.
    """, **L(s=4, p=4, h=3, b=0, n=0))

add("""
    Q: What is the capital of Australia?
    A: Canberra.

    Q: What is the largest ocean?
    A: The Pacific.
    """, **L(s=4, p=2, h=0, b=0, n=0))

# ---------------------------------------------------------------- 81-105: more realistic mixes
add("""
    Here's a quick comparison:

    **iPhone 15**
    - Better video
    - Longer updates

    **Pixel 8**
    - Better photos
    - Cheaper

    Both are great choices.
    """, **L(s=6, p=4, h=2, b=4, n=0))

add("""
    ## Step-by-step

    1. Open **File > Settings**.
    2. Search for "font size".
    3. Set it to 14.

    > Tip: you can also press Ctrl + = to zoom.
    """, **L(s=4, p=2, h=1, b=0, n=3))

add("""
    To make a smoothie, you'll need:
    * 1 banana
    * 1 cup of berries
    * 1/2 cup of yogurt

    Blend everything for 30 seconds. Enjoy! 🍓
    """, **L(s=6, p=2, h=0, b=3, n=0))

add("""
    Sure, here are 5 fun facts about octopuses:

    1. They have three hearts.
    2. Their blood is blue.
    3. They can change color in a fraction of a second.
    4. Each arm has its own cluster of neurons.
    5. Some species use tools, e.g. coconut shells.
    """, **L(s=6, p=2, h=0, b=0, n=5))

add("""
    The experiment had two stages. In stage one, participants (n = 48) read a short text. In stage two, they
    answered ten questions about it.

    Results showed a clear effect (p < 0.01). Readers who took notes scored higher.
    """, **L(s=5, p=2, h=0, b=0, n=0))

add("""
    ### Key Takeaways
    - Start small.
    - Measure everything.
    - Iterate weekly.
    ### Common Mistakes
    - Skipping tests.
    - Ignoring feedback.
    """, **L(s=5, p=2, h=2, b=5, n=0))

add("""
    I'm sorry, but I can't help with that request. If you have another question, I'd be happy to help!
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    **The Short Answer**

    Yes, you can freeze bread.

    **The Long Answer**

    Wrap it tightly in foil, then place it in a freezer bag. It keeps for about three months. To thaw, leave it on
    the counter for a few hours.
    """, **L(s=4, p=2, h=2, b=0, n=0))

add("""
    Module 1: Variables and Types
    Module 2: Control Flow
    Module 3: Functions
    Module 4: Testing
    """, note="a list of labelled module titles: each a heading by the rule; whether they form one paragraph or "
              "none is ambiguous", **L(s=0, h=4, b=0))

add("""
    Top tips:
    1. Be on time
    2. Dress well
    3. Ask questions

    Good luck with the interview!!
    """, **L(s=5, p=2, h=0, b=0, n=3))

add("""
    Hmm, that depends... Are you asking about the book or the film?
    """, note="ellipsis then a capitalised word", **L(p=1, h=0, b=0, n=0))

add("""
    The rule is simple: measure twice, cut once.
    """, **L(s=1, p=1, h=0, b=0, n=0))

add("""
    Title: A Walk in the Park

    Once upon a time, a dog named Max found a red ball. He carried it home with pride.

    The End
    """, note="'Title:' label and a closing 'The End' line: neither is prose a writer counts as a sentence, but the "
              "doc has no rule for them", **L(b=0, n=0))

add("""
    ## FAQ

    **Can I cancel anytime?**
    Yes, from your account page.

    **Is there a free trial?**
    Yes, for 14 days.
    """, note="bold-only question lines used as FAQ headings", **L(s=2, p=2, b=0, n=0))

add("""
    [1] Collect the data.
    [2] Clean the data.
    [3] Train the model.
    [4] Evaluate on held-out data.
    """, **L(s=4, p=1, h=0, b=0, n=4))

add("""
    (1) Read the question.
    (2) Underline key words.
    (3) Answer in full sentences.
    """, **L(s=3, p=1, h=0, b=0, n=3))

add("""
    1: Plan the route.
    2: Pack water.
    3: Tell someone where you are going.
    """, **L(s=3, p=1, h=0, b=0, n=3))

add("""
    The agency, i.e. the EPA, set new limits. The rules take effect in Jan. 2026, approx. two years from now.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    St. Louis sits on the Mississippi River. It's home to the Gateway Arch, built in 1965.
    """, **L(s=2, p=1, h=0, b=0, n=0))

add("""
    Here are the results by region:

    - North: 120 units (up 5%).
    - South: 98 units (down 2%).
    - East: 143 units (up 11%).
    - West: 87 units (flat).

    Overall, sales grew 4.1% year over year. The East led the growth.
    """, **L(s=7, p=3, h=0, b=4, n=0))

add("""
    # Weekly Plan

    **Monday:** Legs and core.
    **Wednesday:** Upper body.
    **Friday:** Cardio and stretching.

    Rest on the other days.
    """, **L(s=4, p=2, h=1, b=0, n=0))

add("""
    In 2023, the company hired 1,200 people. In 2024, it hired 800. This year, hiring is frozen.
    """, **L(s=3, p=1, h=0, b=0, n=0))

add("""
    ## Ingredients

    - 200 g pasta
    - 2 cloves garlic
    - Olive oil
    - Chili flakes

    ## Instructions

    1. Boil the pasta in salted water.
    2. Fry the garlic and chili in oil.
    3. Toss the pasta in the oil and serve.
    """, **L(s=7, p=2, h=2, b=4, n=3))

add("""
    You asked for exactly three sentences. This is the second one. And this is the third.
    """, **L(s=3, p=1, h=0, b=0, n=0))

add("""
    Thanks for reaching out!

    Unfortunately, the item is out of stock. We expect new stock by Friday. Would you like us to email you then?

    Best regards,
    The Support Team
    """, note="sign-off lines without punctuation: a writer counts them as part of the answer but not clearly as a "
              "sentence", **L(p=3, h=0, b=0, n=0))

add("""
    ### Option A
    Move to the cloud. This cuts hardware costs.
    ### Option B
    Keep servers on-site. This keeps data under our control.
    ### Recommendation
    Option A, phased over 6 months.
    """, **L(s=5, p=3, h=3, b=0, n=0))

add("""
    Let's compare them:

    |  | Coffee | Tea |
    |---|---|---|
    | Caffeine | High | Medium |
    | Taste | Bitter | Mild |

    ---

    **Bottom line:** tea is gentler on the stomach.
    """, **L(s=2, p=2, h=0, b=0, n=0))

add("""
    Absolutely! Here's the plan.

    **Phase 1** (weeks 1-2): research.
    **Phase 2** (weeks 3-6): build.
    **Phase 3** (weeks 7-8): launch.

    Let me know if you want more detail on any phase.
    """, note="bold lead-ins followed by text are not headings", **L(s=6, p=3, h=0, b=0, n=0))

add("""
    Unit 3: Fractions

    A fraction shows part of a whole. The top number is the numerator, and the bottom number is the denominator.

    Exercise 1
    Write three fractions equal to 1/2.

    Exercise 2
    Add 1/4 and 2/4.
    """, **L(s=4, p=3, h=3, b=0, n=0))

add("""
    Note that the figures are estimates. Actual numbers may vary by ±10%.

    *Source: World Bank, 2023.*
    """, note="an italic source line", **L(s=3, p=2, h=0, b=0, n=0))

add("""
    ## Summary 📊

    Sales are up! 🎉 Costs are down. 📉

    ## Next Steps 🚀

    - Hire two engineers 👩‍💻
    - Launch in Spain 🇪🇸
    """, note="emoji in headings and after sentences; an emoji after the last sentence is no sentence",
    **L(s=4, p=2, h=2, b=2, n=0))

add("""
    Round 1
    Answer the warm-up questions.

    Round 2
    Solve the puzzle in under five minutes.

    Final Round
    Present your solution to the judges.
    """, note="'Final Round' carries no number: by the rule not a heading, to a writer the third of three; "
              "sentences and paragraphs are the same either way", **L(s=3, p=3, b=0, n=0))

add("""
    This is a single long paragraph written the way many assistants write when asked to explain something in
    prose. It opens with a topic sentence. It then adds a supporting detail, e.g. a number like 7.5 or a name like
    Dr. Adams. It ends with a short conclusion that ties things together.
    """, **L(s=4, p=1, h=0, b=0, n=0))

add("""
    What is machine learning?

    Machine learning is a way for computers to learn patterns from data instead of following fixed rules.
    """, note="a question line standing alone is a sentence and a paragraph", **L(s=2, p=2, h=0, b=0, n=0))


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "counts-blind.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    kinds = {}
    for it in items:
        for k in it["labels"]:
            kinds[k] = kinds.get(k, 0) + 1
    print(f"{len(items)} answers -> {out}; labels per kind: {kinds}")


if __name__ == "__main__":
    main()
