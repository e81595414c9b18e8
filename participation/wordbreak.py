"""Where a Thai heading may wrap: its words, marked on the server.

Thai is written without spaces between words, and a browser finds where a line may break with its own
dictionary (ICU's), which splits compounds and names that a reader takes as one word: Chromium breaks
"การศึกษา" after "การ" and "ประถมศึกษา" after "ประถม", and CSS has no switch for it (`word-break:
keep-all` leaves Thai alone). So headings come with their words marked: each Thai word goes into
`<span class="w">` (no break inside, design.css) with `<wbr>` between two words, and a line breaks only
between words (`mark_words`, the `thai_wrap` filter and tag of `{% load thai %}`).

The words come from maximal matching over PyThaiNLP's dictionary (about 62,000 words): the split with
the fewest characters outside the dictionary and, of those, the fewest words. PyThaiNLP's own tokenizer
does the same over a trie that takes some 70 MB per process; the plain set of words here takes about
10 MB, read on first use, and each run of Thai letters is segmented once per process (cached).
"""

import functools
import importlib.util
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Thai letters, vowels and marks, with ฯ and ๆ; not Thai digits, which break like any digits.
THAI_RUN = re.compile(r"[\u0e01-\u0e4f]+")
# A word never starts with a following vowel, a tone mark or the repetition mark, nor ends with a
# vowel written before its consonant, nor leaves a silent consonant (with the thanthakhat, ์) or two
# to begin the next word: a cut there would split a syllable.
NOT_FIRST = frozenset("\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a")  # vowels
NOT_FIRST |= frozenset("\u0e45\u0e46\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")  # ๅ, ๆ and the marks
NOT_LAST = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
SILENT = "\u0e4c"
LONGEST_WORD = 30  # characters: longer dictionary entries are phrases, not words
# A word longer than this is left to the browser: a line on a small phone must still hold it.
LONGEST_KEPT = 20
OPEN, CLOSE, BREAK = '<span class="w">', "</span>", "<wbr>"
TAGS = re.compile(r"(<[^>]*>)")


@functools.cache
def dictionary() -> frozenset[str]:
    """PyThaiNLP's word list, read from the file its package ships.

    Not through `pythainlp.corpus`, which makes a data folder in the home directory on first use: a service
    whose home is out of reach (systemd's ProtectHome) would fail to render a heading.
    """
    spec = importlib.util.find_spec("pythainlp")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured("PyThaiNLP is needed for Thai line breaking (requirements.txt).")
    path = Path(spec.submodule_search_locations[0]) / "corpus" / "words_th.txt"
    return frozenset(word for line in path.read_text(encoding="utf-8").splitlines() if (word := line.strip()))


@functools.lru_cache(maxsize=8192)
def thai_words(run: str) -> tuple[str, ...]:
    """The words of a run of Thai letters; what the dictionary lacks stays in one piece."""
    n = len(run)
    cut = [i in (0, n) or _may_cut(run, i) for i in range(n + 1)]
    words = dictionary()
    # best[i]: (characters outside the dictionary, words) of the best split of run[i:]; then where its
    # first piece ends and whether that piece is a dictionary word.
    best: list[tuple[int, int] | None] = [None] * (n + 1)
    step = [(n, False)] * (n + 1)
    best[n] = (0, 0)
    for i in range(n - 1, -1, -1):
        if not cut[i]:
            continue
        unknown_end = next(j for j in range(i + 1, n + 1) if cut[j])
        after = best[unknown_end]
        best[i], step[i] = (after[0] + unknown_end - i, after[1] + 1), (unknown_end, False)
        for j in range(i + 1, min(n, i + LONGEST_WORD) + 1):
            if cut[j] and run[i:j] in words:
                after = best[j]
                cost = (after[0], after[1] + 1)
                if cost < best[i]:
                    best[i], step[i] = cost, (j, True)
    pieces: list[str] = []
    i, last_known = 0, True
    while i < n:
        j, known = step[i]
        if not known and not last_known and pieces:
            pieces[-1] += run[i:j]  # unknown pieces side by side make one
        else:
            pieces.append(run[i:j])
        i, last_known = j, known
    return tuple(pieces)


def _may_cut(run: str, i: int) -> bool:
    if run[i] in NOT_FIRST or run[i - 1] in NOT_LAST:
        return False
    return SILENT not in run[i + 1 : i + 3]


def _mark_run(match: re.Match) -> str:
    marked = []
    for word in thai_words(match.group(0)):
        marked.append(f"{OPEN}{word}{CLOSE}" if 1 < len(word) <= LONGEST_KEPT else word)
    return BREAK.join(marked)


def mark_words(html: str) -> str:
    """HTML with the Thai words of its text marked; tags, attributes and other text are left as they are."""
    return "".join(part if part.startswith("<") else THAI_RUN.sub(_mark_run, part) for part in TAGS.split(html))
