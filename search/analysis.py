"""Turning Korean text into search terms.

Two analysers share one vocabulary of terms:

- `IndexAnalyzer` (index time) runs Kiwi, a Korean morphological analyser, with the user dictionary in
  `search/data/user_dictionary.tsv`: nouns, compounds and their parts, numbers and Latin words, plus
  every word's Hangul bigrams as a fallback for names Kiwi does not know. It costs about 300 MiB, so it
  runs where indexing runs (the task worker or a command), never in a web worker.
- `query_groups` (query time) needs no model: it strips particles (조사) with a suffix list, folds Latin
  case, and offers each word as itself or as its bigrams, so "우즈베키스탄의" finds 우즈베키스탄.
"""

import bisect
import re
import unicodedata
from functools import cached_property
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
KEEP_TAGS = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "NP"}
NOUNISH = {"NNG", "NNP", "XR", "SL", "SN"}
# Particles and endings a reader puts after a noun, longest first so 에서는 goes before 는.
PARTICLES = sorted(
    [
        "의",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "에",
        "에서",
        "에게",
        "께",
        "께서",
        "한테",
        "으로",
        "로",
        "와",
        "과",
        "도",
        "만",
        "부터",
        "까지",
        "이나",
        "나",
        "이며",
        "며",
        "이고",
        "고",
        "으로서",
        "로서",
        "으로써",
        "로써",
        "에서는",
        "에는",
        "으로는",
        "로는",
        "과의",
        "와의",
        "에서의",
        "에의",
        "이다",
        "였다",
        "이었다",
        "했다",
        "하고",
        "하는",
        "하여",
        "해서",
        "들",
        "들의",
        "들은",
        "들이",
        "들을",
        "까지의",
        "부터의",
        "처럼",
        "보다",
        "마다",
        "조차",
        "밖에",
        "이라",
        "라",
    ],
    key=len,
    reverse=True,
)
MIN_STEM = 2


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def bigrams(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def strip_particle(word: str) -> str:
    """우즈베키스탄의 → 우즈베키스탄, 경북tp는 → 경북tp; the stem keeps at least two characters."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
            return word[: -len(particle)]
    return word


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


class IndexAnalyzer:
    """Kiwi with our user dictionary; loaded once per process, on first use."""

    @cached_property
    def kiwi(self):
        from kiwipiepy import Kiwi

        kiwi = Kiwi()
        for line in (DATA / "user_dictionary.tsv").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                word, tag, score = [*line.split("\t"), "NNP", "0"][:3]
                kiwi.add_user_word(word, tag, float(score))
        return kiwi

    def terms(self, text: str) -> list[str]:
        return [term for term, _position in self.positioned_terms(text)]

    def positioned_terms(self, text: str) -> list[tuple[str, int]]:
        """Each term with the position (1, 2, …) of the word it comes from.

        A word's morphemes, its compound, its particle-less stem and its bigrams all stand at the
        word's position, so the index knows which words are next to each other (ranking by how
        close the query's words stand, phrases) whatever form matched.
        """
        text = unicodedata.normalize("NFKC", text or "")
        spans = [(m.start(), m.end(), m.group(0).lower()) for m in WORD.finditer(text)]
        starts = [start for start, _end, _word in spans]
        terms = []

        def position(offset):
            return max(1, bisect.bisect_right(starts, offset))

        compound, compound_at = [], 0
        for token in self.kiwi.tokenize(text):
            form, at = token.form.lower(), position(token.start)
            if token.tag in KEEP_TAGS:
                terms.append((form, at))
            if token.tag in NOUNISH:
                if not compound:
                    compound_at = at
                compound.append(form)
                continue
            if len(compound) > 1:
                terms.append(("".join(compound), compound_at))  # 이차 + 전지 → 이차전지
            compound = []
        if len(compound) > 1:
            terms.append(("".join(compound), compound_at))
        for at, (_start, _end, word) in enumerate(spans, start=1):
            terms.append((word, at))
            stem = strip_particle(word)
            if stem != word:
                terms.append((stem, at))
            for part in HANGUL.findall(word):
                terms += [(gram, at) for gram in bigrams(part)]
        return terms


def query_groups(text: str, synonyms: dict[str, set[str]] | None = None) -> list[list[list[str]]]:
    """For each query word, its alternatives; each alternative is a list of terms that must all match.

    "경북TP의" → [[["경북tp"], ["경북테크노파크"], ["경북", "북테", ...], ...]]
    """
    synonyms = synonyms or {}
    groups = []
    for word in words(text):
        stem = strip_particle(word)
        forms = {stem, word} | synonyms.get(stem, set()) | synonyms.get(word, set())
        alternatives = []
        for form in sorted(forms):
            form = normalise(form).replace(" ", "")
            alternatives.append([form])
            hangul = HANGUL.findall(form)
            grams = [g for part in hangul for g in bigrams(part)]
            if grams and len(form) > 2:
                # The word's Hangul bigrams (with its Latin and digits) as a fallback. Without a
                # bigram there is no fallback: "10월" must not fall back to every "10".
                latin = re.findall(r"[0-9a-z]+", form)
                alternatives.append(grams + latin)
        groups.append(alternatives)
    return groups


def highlight_terms(groups) -> list[str]:
    """The whole-word forms of a query, longest first, for marking matches in snippets."""
    forms = {alternative[0] for group in groups for alternative in group if len(alternative) == 1}
    return sorted(forms, key=len, reverse=True)
