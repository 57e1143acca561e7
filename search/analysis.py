"""Turning Korean text into search terms, the same way for the text and for the query.

Index time (`IndexAnalyzer`, in the task worker): Kiwi, a Korean morphological analyser, with the user
dictionary in `search/data/user_dictionary.tsv`, reads each word: its nouns, numbers and Latin words,
the lemma of its verb or adjective (도왔다 → 돕다), its compound (이차 + 전지 → 이차전지), its stem
without the particle, the word itself and its Hangul bigrams all stand at the word's position. Kiwi
costs about 300 MiB, so it never loads in a web worker. What it made of each word goes into the
lexicon (`search.models.SearchWord`): the surface form and its analysis.

Query time (`parse_query`, in the web worker): each query word is looked up in that lexicon, so a
word the index has seen gets exactly the analysis the index gave it. Around that:

- particles are stripped by rule (우즈베키스탄과의 → 우즈베키스탄) when the bare stem is known;
- a word the index holds in parts is split into known words that must stand next to each other
  (일손돕기 → 일손 <-> 돕기; 경북TP → 경북 <-> tp), and two query words the index holds joined are
  tried joined (스마트 공장 → 스마트공장);
- a word's Hangul bigrams must all come from one word of the text (`<0>`), so "대구TP" never matches
  대구 in one sentence and TP in another;
- synonyms (staff keep them in the admin) are analysed the same way, a multi-word synonym as a phrase.

The result is a small expression tree rendered as a PostgreSQL tsquery (with phrase operators) or,
for the embedded SQLite engine, as plain containment (positions ignored).
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
# A word: Latin letters joined by & stay one (R&D, M&A); otherwise runs of Latin, digits and Hangul.
WORD = re.compile(r"[0-9A-Za-z]+(?:&[0-9A-Za-z]+)+|[0-9A-Za-z\uac00-\ud7a3]+")
KEEP_TAGS = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "NP"}
NOUNISH = {"NNG", "NNP", "XR", "SL", "SN"}
# Verbs and adjectives stand as their lemma (돕 + 다), irregular ones too (VV-I: 도와 → 돕다).
PREDICATES = ("VV", "VA")
LIGHT = {"하", "되", "있", "없", "이", "아니", "않", "같"}  # too common to find anything by
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
LONGEST_WORD = 24  # characters of a query word that are analysed; the rest is cut


THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A number with its counter at the start of a word: 2800억원 → 2800억, 1970년대 → 1970년, 10월에 → 10월.
COUNTED = re.compile(r"^(\d+)([\uac00-\ud7a3])")
# A one-letter Latin prefix of a slogan (K-배터리, e-스포츠): the Hangul word is what is meant.
SLOGAN = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]-(?=[\uac00-\ud7a3])")
GRAM = (
    "~"  # bigrams from anywhere in a word carry this mark; a word's first and last also stand bare
)


def normalise(text: str) -> str:
    """NFKC, lower case, numbers without thousands separators (2,800 → 2800)."""
    return THOUSANDS.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def bigrams(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def word_grams(word: str) -> list[str]:
    """Index terms of a word's Hangul runs: every bigram marked (~전지), the first and last bare.

    Bare edge bigrams let a short query find the head or modifier of a compound (특구 in 규제자유특구,
    전지 in 이차전지), but not a pair of syllables across two morphemes (전지 in 대전지역).
    """
    grams = []
    for part in HANGUL.findall(word):
        if len(part) < 2:
            continue
        inner = bigrams(part)
        grams += [GRAM + gram for gram in inner]
        grams += list(dict.fromkeys([inner[0], inner[-1]]))
    return grams


def counted(word: str) -> str | None:
    match = COUNTED.match(word)
    return match.group(0) if match and match.group(0) != word else None


def stems(word: str) -> list[str]:
    """Every particle-less stem of `word`, longest first: 경북tp에서는 → 경북tp에서, 경북tp에서, 경북tp."""
    found = []
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
            found.append(word[: -len(particle)])
    return sorted(set(found), key=len, reverse=True)


def strip_particle(word: str) -> str:
    """우즈베키스탄의 → 우즈베키스탄, 경북tp는 → 경북tp; the stem keeps at least two characters."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
            return word[: -len(particle)]
    return word


def words(text: str) -> list[str]:
    return [w[:LONGEST_WORD] for w in WORD.findall(SLOGAN.sub("", normalise(text)))]


def _lemma(form: str, tag: str) -> str | None:
    if tag.startswith(PREDICATES) and form not in LIGHT:
        return form + "다"
    return None


@dataclass
class Analysis:
    """Terms with their word positions, and what the analyser made of each distinct word."""

    terms: list[tuple[str, int]]
    words: dict[str, str]  # surface form → its analysis, terms separated by spaces


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
        return [term for term, _position in self.analyse(text).terms]

    def positioned_terms(self, text: str) -> list[tuple[str, int]]:
        return self.analyse(text).terms

    def analyse(self, text: str) -> Analysis:
        """Each term with the position (1, 2, …) of the word it comes from, and each word's analysis.

        A word's morphemes, its compound, its stems and its bigrams all stand at the word's
        position, so the index knows which words are next to each other (ranking by how close the
        query's words stand, phrases, "in one word") whatever form matched.
        """
        text = THOUSANDS.sub("", unicodedata.normalize("NFKC", text or ""))
        spans = [(m.start(), m.end(), m.group(0).lower()) for m in WORD.finditer(text)]
        starts = [start for start, _end, _word in spans]
        terms = []
        per_word: dict[int, list[str]] = {}  # position → the word's analysed terms
        kiwi_stem: dict[int, str] = {}  # position → the word's tokens before its first particle

        def position(offset):
            return max(1, bisect.bisect_right(starts, offset))

        compound, compound_at = [], 0
        in_word: list[str] = []
        in_word_at = 0
        for token in self.kiwi.tokenize(text):
            form, at = token.form.lower(), position(token.start)
            if at != in_word_at:
                if len(in_word) > 1:
                    per_word.setdefault(in_word_at, []).append("".join(in_word))
                in_word, in_word_at = [], at
            analysed = form if token.tag in KEEP_TAGS else _lemma(form, token.tag)
            if analysed:
                terms.append((analysed, at))
                per_word.setdefault(at, []).append(analysed)
            if token.tag.startswith("J") and at not in kiwi_stem:
                start = spans[at - 1][0]
                kiwi_stem[at] = text[start : token.start].lower()
            if token.tag in NOUNISH:
                in_word.append(form)
                if not compound:
                    compound_at = at
                compound.append(form)
                continue
            in_word = []
            if len(compound) > 1:
                terms.append(("".join(compound), compound_at))  # 이차 + 전지 → 이차전지
            compound = []
        if len(compound) > 1:
            terms.append(("".join(compound), compound_at))
        if len(in_word) > 1:
            per_word.setdefault(in_word_at, []).append("".join(in_word))
        analyses: dict[str, str] = {}
        for at, (_start, _end, word) in enumerate(spans, start=1):
            terms.append((word, at))
            found = {strip_particle(word), kiwi_stem.get(at, word)} - {word}
            terms += [(stem, at) for stem in sorted(found) if len(stem) >= MIN_STEM]
            terms += [(gram, at) for gram in word_grams(word)]
            if counted(word):
                terms.append((counted(word), at))
            analysis = " ".join(dict.fromkeys(per_word.get(at, [])))
            analyses.setdefault(word, analysis)
            stem = kiwi_stem.get(at)
            if stem and stem != word and len(stem) >= MIN_STEM:
                analyses.setdefault(stem, analysis)
        return Analysis(terms=terms, words=analyses)


# The query: a small expression tree over index terms.


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Node:
    op: str  # "any" (or), "all" (and), "same" (in one word), "next" (words one after another)
    parts: tuple

    @classmethod
    def of(cls, op, parts):
        parts = tuple(dict.fromkeys(p for p in parts if p is not None))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else cls(op, parts)


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


OPERATORS = {"any": " | ", "all": " & ", "same": " <0> ", "next": " <-> "}


def to_tsquery(node) -> str:
    if isinstance(node, Term):
        return _lexeme(node.text)
    return "(" + OPERATORS[node.op].join(to_tsquery(p) for p in node.parts) + ")"


def term_sets(node) -> list[frozenset]:
    """The node as alternatives, each a set of terms that must all be present (positions ignored)."""
    if isinstance(node, Term):
        return [frozenset([node.text])]
    if node.op == "any":
        return [s for part in node.parts for s in term_sets(part)][:64]
    combined = [frozenset()]
    for part in node.parts:
        combined = [a | b for a in combined for b in term_sets(part)][:64]
    return combined


def lookup_forms(text: str, synonyms: dict[str, list[str]]) -> set[str]:
    """The forms whose analysis `parse_query` may ask the lexicon for, to fetch them in one query."""
    forms = set()
    query_words = words(text)
    for i, word in enumerate(query_words):
        variants = [word, *stems(word)]
        for synonym in synonyms.get(word, []) + [s for v in variants for s in synonyms.get(v, [])]:
            variants += words(synonym)
        for variant in variants:
            forms.add(variant)
            forms.update(stems(variant))
            forms.update(
                variant[a:b]
                for a in range(len(variant))
                for b in range(a + 1, len(variant) + 1)
                if b - a < len(variant)
            )
        for j in range(i + 2, min(i + 4, len(query_words) + 1)):
            joined = "".join(query_words[i:j])
            forms.add(joined)
            forms.update(stems(joined))
    return forms


class QueryParser:
    """Turns a query into an expression tree, given the lexicon's analyses and the synonym table."""

    def __init__(self, lexicon: dict[str, str], synonyms: dict[str, list[str]]):
        self.lexicon = lexicon
        self.synonyms = synonyms

    def known(self, form: str) -> bool:
        return form in self.lexicon

    def parse(self, text: str) -> list:
        """One node per query unit; every unit must match (AND)."""
        query_words = words(text)
        units, i = [], 0
        while i < len(query_words):
            # Two or three query words the index (or the synonym table) holds as one word.
            for j in range(min(i + 3, len(query_words)), i + 1, -1):
                joined = "".join(query_words[i:j])
                if self._joined_known(joined):
                    # Typed apart but known as one: the parts next to each other, or joined.
                    apart = Node.of("next", [self.word(w) for w in query_words[i:j]])
                    units.append(Node.of("any", [apart, self.word(joined)]))
                    i = j
                    break
            else:
                units.append(self.word(query_words[i]))
                i += 1
        return [unit for unit in units if unit is not None]

    def _joined_known(self, joined):
        return any(self.known(s) or s in self.synonyms for s in [joined, *stems(joined)])

    def word(self, word: str, synonyms: bool = True):
        """The ways one query word can be found in the text."""
        if self.known(word):
            forms = [word]  # the lexicon's analysis covers its particle, whatever it is
        else:
            rule_stems = stems(word)
            forms = [s for s in rule_stems if self.known(s)] or rule_stems
        alternatives = [Term(word)] + [Term(form) for form in forms]
        for form in forms:
            analysis = self.lexicon.get(form, "").split()
            if analysis and analysis != [form]:
                alternatives.append(Node.of("same", [Term(t) for t in analysis]))
        base = min(forms, key=len) if forms else word
        alternatives.append(self._split(base))
        alternatives.append(self._grams(base))
        if synonyms:
            for variant in dict.fromkeys([word, *forms, *stems(word)]):
                for synonym in self.synonyms.get(variant, []):
                    parts = [self.word(w, synonyms=False) for w in words(synonym)]
                    alternatives.append(Node.of("next", parts))
        return Node.of("any", alternatives)

    def _split(self, word: str):
        """The word as two or three known words next to each other: 일손돕기 → 일손 <-> 돕기."""
        n = len(word)
        cuts = [
            [word[:a], word[a:b]] + ([word[b:]] if b < n else [])
            for a in range(1, n)
            for b in [*range(a + 1, n), n]
        ]
        splits = [parts for parts in cuts if all(self._part(p) for p in parts)]
        # The fewest parts, then the most even ones.
        best = min(splits, key=lambda parts: (len(parts), -min(map(len, parts))), default=None)
        if best is None:
            return None
        return Node.of(
            "next", [Node.of("any", [Term(p)] + [Term(s) for s in stems(p)]) for p in best]
        )

    def _part(self, part: str) -> bool:
        if not self.known(part):
            return False
        return len(part) >= MIN_STEM or part.isascii()

    def _grams(self, word: str):
        """The word's Hangul bigrams (with its Latin and digits), all from one word of the text.

        "10월" has no bigram, so it never falls back to every "10".
        """
        grams = [GRAM + g for part in HANGUL.findall(word) for g in bigrams(part)]
        if not grams or len(word) <= 2:
            return None
        latin = re.findall(r"[0-9a-z&]+", word)
        return Node.of("same", [Term(t) for t in grams + latin])


def highlight_terms(units) -> list[str]:
    """The whole-word forms a query may match, longest first, for marking matches in snippets."""
    forms = set()

    def walk(node, top):
        if isinstance(node, Term):
            if top and len(node.text) > 1:
                forms.add(node.text)
            return
        for part in node.parts:
            walk(part, top and node.op in ("any", "all", "next"))

    for unit in units:
        walk(unit, True)
    return sorted(forms, key=len, reverse=True)


# "Did you mean": one-edit variants of a word, looked up in the lexicon by the search engine.

SYLLABLES = (0xAC00, 0xD7A3)
INITIALS, VOWELS, FINALS = 19, 21, 28
LATIN = "abcdefghijklmnopqrstuvwxyz"
MOST_EDITED = 10  # longer words get no suggestions (few typos there are worth the candidates)


def _split_syllable(char: str):
    code = ord(char) - SYLLABLES[0]
    return code // (VOWELS * FINALS), (code // FINALS) % VOWELS, code % FINALS


def _syllable(initial: int, vowel: int, final: int) -> str:
    return chr(SYLLABLES[0] + (initial * VOWELS + vowel) * FINALS + final)


def _is_syllable(char: str) -> bool:
    return SYLLABLES[0] <= ord(char) <= SYLLABLES[1]


def edits(word: str) -> list[str]:
    """Every form one typo away from `word`, nearest kinds first (no order within a kind)."""
    if not word or len(word) > MOST_EDITED:
        return []
    found: dict[str, None] = {}
    n = len(word)
    for i, char in enumerate(word):
        before, after = word[:i], word[i + 1 :]
        if _is_syllable(char):
            initial, vowel, final = _split_syllable(char)
            for f in range(FINALS):  # 받침 first: the commonest slip
                found[before + _syllable(initial, vowel, f) + after] = None
            for v in range(VOWELS):
                found[before + _syllable(initial, v, final) + after] = None
            for c in range(INITIALS):
                found[before + _syllable(c, vowel, final) + after] = None
        elif char in LATIN:
            for letter in LATIN:
                found[before + letter + after] = None
    for i in range(n):
        found[word[:i] + word[i + 1 :]] = None  # a character too many
        found[word[:i] + word[i] + word[i:]] = None  # a doubled one
    for i in range(n - 1):
        found[word[:i] + word[i + 1] + word[i] + word[i + 2 :]] = None  # two swapped
    if word.isascii() and word.isalpha():
        for i in range(n + 1):  # a Latin letter left out
            for letter in LATIN:
                found[word[:i] + letter + word[i:]] = None
        hangul = from_english_keys(word)
        if hangul:
            found = {hangul: None, **found}
    found.pop(word, None)
    return [form for form in found if len(form) >= 2 or form.isascii()]


# The Korean two-set (두벌식) keyboard: what a word typed with the keyboard left in English mode
# ("rudqnr") was meant to be (경북).
KEYS = {
    "r": "ㄱ", "R": "ㄲ", "s": "ㄴ", "e": "ㄷ", "E": "ㄸ", "f": "ㄹ", "a": "ㅁ", "q": "ㅂ", "Q": "ㅃ",
    "t": "ㅅ", "T": "ㅆ", "d": "ㅇ", "w": "ㅈ", "W": "ㅉ", "c": "ㅊ", "z": "ㅋ", "x": "ㅌ", "v": "ㅍ",
    "g": "ㅎ", "k": "ㅏ", "o": "ㅐ", "i": "ㅑ", "O": "ㅒ", "j": "ㅓ", "p": "ㅔ", "u": "ㅕ", "P": "ㅖ",
    "h": "ㅗ", "y": "ㅛ", "n": "ㅜ", "b": "ㅠ", "m": "ㅡ", "l": "ㅣ",
}  # fmt: skip
INITIAL_JAMO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWEL_JAMO = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINAL_JAMO = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
COMBINED_VOWELS = {
    "ㅗㅏ": "ㅘ", "ㅗㅐ": "ㅙ", "ㅗㅣ": "ㅚ", "ㅜㅓ": "ㅝ", "ㅜㅔ": "ㅞ", "ㅜㅣ": "ㅟ", "ㅡㅣ": "ㅢ",
}  # fmt: skip
COMBINED_FINALS = {
    "ㄱㅅ": "ㄳ", "ㄴㅈ": "ㄵ", "ㄴㅎ": "ㄶ", "ㄹㄱ": "ㄺ", "ㄹㅁ": "ㄻ", "ㄹㅂ": "ㄼ", "ㄹㅅ": "ㄽ",
    "ㄹㅌ": "ㄾ", "ㄹㅍ": "ㄿ", "ㄹㅎ": "ㅀ", "ㅂㅅ": "ㅄ",
}  # fmt: skip


def from_english_keys(typed: str) -> str | None:
    """Latin keys read as the two-set keyboard: rudqnr → 경북. None when they spell no syllables."""
    jamo = [KEYS.get(key) or KEYS.get(key.lower()) for key in typed]
    if not all(jamo):
        return None
    out, i = [], 0
    while i < len(jamo):
        if jamo[i] not in INITIAL_JAMO or i + 1 >= len(jamo) or jamo[i + 1] not in VOWEL_JAMO:
            return None
        initial, vowel = jamo[i], jamo[i + 1]
        i += 2
        if i < len(jamo) and COMBINED_VOWELS.get(vowel + jamo[i]):
            vowel = COMBINED_VOWELS[vowel + jamo[i]]
            i += 1
        final = ""
        # A consonant is this syllable's final unless a vowel follows it (then it starts the next).
        if i < len(jamo) and jamo[i] in FINAL_JAMO and not _vowel_at(jamo, i + 1):
            final = jamo[i]
            i += 1
            if (
                i < len(jamo)
                and COMBINED_FINALS.get(final + jamo[i])
                and not _vowel_at(jamo, i + 1)
            ):
                final = COMBINED_FINALS[final + jamo[i]]
                i += 1
        out.append(
            _syllable(
                INITIAL_JAMO.index(initial),
                VOWEL_JAMO.index(vowel),
                FINAL_JAMO.index(final) if final else 0,
            )
        )
    return "".join(out)


def _vowel_at(jamo, i):
    return i < len(jamo) and jamo[i] in VOWEL_JAMO
