"""Claims: what sources assert about a story, who else reports it, who contradicts it, and the numbers in it.

Pure engines (no store, no I/O) that the corpus steps `sources` and `claims` and the quantities stage call:

- `reports.py`: claim reports from quotes and from event mentions someone vouches for or denies, with their
  claimant and polarity (asserts / denies);
- `grouping.py`: the reports of one assertion by one claimant, across articles, as one claim;
- `links.py`: contradictions (denial, refutation) and supports between claims, each with its evidence pair;
- `quantities.py`, `holders.py`, `threads.py`: numbers in text, normalised; whose each is and what it counts; the
  threads of one counted thing across claimants and dates;
- `flags.py`: source flags per document (machine-translated, spun, boilerplate-heavy) with evidence;
- `stance.py`: the stance of a text towards a claim (agree, disagree, discuss, unrelated), measured on FNC-1 and
  Emergent, the interface an NLI model would plug into.

Vocabulary lives in `storyline/lexicons/claims/`.
"""
