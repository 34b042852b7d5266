"""Retrieval over the example questions: no text is generated, every answer is a reviewed one.

How a question is matched (docs/assistant.md):

1. ``normalise``: casefold, German umlauts and ß folded to ae/oe/ue/ss (so "Bürgergeld" and
   "Buergergeld" meet), accents and Arabic tashkeel dropped, Arabic alef/taa-marbuta/alef-maqsura
   variants unified, Cyrillic ё → е, punctuation removed; the office's abbreviations written out
   ("WBA" → weiterbewilligungsantrag).
2. Features per word: its stem (Snowball for de/en/tr/ar/ru, a light suffix stripper for uk; Latin
   words are stemmed as German too, because people mix German terms into other languages), the parts of
   German compounds found in the examples' vocabulary, and character 3- and 4-grams (typos, inflection,
   compounds). Weighted by inverse document frequency, cosine-normalised.
3. Each class (a topic, or one of the out-of-scope classes) scores by its best-matching examples
   (0.6 × best + 0.25 × second + 0.15 × third). The gate compares the best in-scope topic with the
   runner-up and with the out-of-scope classes: answer, offer "Meinten Sie …?" choices, or hand over.
4. A second, independent vote: the class whose centroid (the normalised sum of all its examples'
   vectors) is nearest to the question. Nearest examples and nearest centroid fail differently (one
   odd example vs. the topic's vocabulary as a whole); when both name the same topic the gate
   answers from a lower score, when they disagree it asks for a higher score and a wider lead.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer

LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru")
OWN_CASE = "_own_case"
PERSONAL = ("_own_case", "_other_person")  # one's own case, other people's data: sign-in and the advisor
OUT_OF_SCOPE = "_out_of_scope"

# The gate (docs/assistant.md, "The gate"; third round: chosen on the union of the older sets).
# Fourth round: recalibrated on all labelled sets except the newest (dev, heldout, blind…blind8),
# among a small grid, for top-1 + abstention − 3 × confident-and-wrong.
# When the nearest examples and the nearest centroid name the same topic:
AGREE_MIN_SCORE = 0.28
AGREE_MIN_MARGIN = 0.02
# When they disagree, the nearest examples alone must be clearly ahead:
ANSWER_MIN_SCORE = 0.36
ANSWER_MIN_MARGIN = 0.12
SUGGEST_MIN_SCORE = 0.22
MAX_SUGGESTIONS = 3
TOP_WEIGHTS = (0.6, 0.25, 0.15)  # a topic scores by its three best-matching examples
WORD_WEIGHT = 1.0
GRAM_WEIGHT = 0.7
KNOWN_WORD_JACCARD = 0.45
COVERAGE_POWER = 1.0
PERSONAL_MARGIN = 0.06

_ARABIC_MAP = str.maketrans({"ة": "ه", "ى": "ي", "ـ": "", "پ": "ب", "گ": "ك", "ک": "ك", "ی": "ي"})
_GERMAN_MAP = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})
_WORD = re.compile(r"[^\W_]+")
_UKRAINIAN_LETTERS = set("іїєґ")
_RUSSIAN_LETTERS = set("ыэъё")
_TURKISH_LETTERS = set("şğı")
_UK_SUFFIX_TEXT = "ами ями ого ому ими іми ння ться еться ити ати ють ують ний ній ною ної ого ій ий ої ою ам ям ах ях ом ем ів их ти ся а я у ю і и е о ь"
_UK_SUFFIXES = sorted(_UK_SUFFIX_TEXT.split(), key=len, reverse=True)
# Function words carry no topic: they are left out of the features (folded spellings).
_STOPWORD_TEXT = """
ich du er sie es wir ihr mich mir dich dir uns euch sich mein meine meinen meinem meiner dein deine
ihre ihren der die das den dem des ein eine einen einem einer und oder aber auch noch schon nur so
wie was wo wer ist sind bin bist war waren sein habe hast hat haben hatte kann kannst koennen
koennte muss muessen darf duerfen soll sollen will wollen werde wird werden wurde mit von zu zum zur
im in am an auf aus bei fuer um ueber nach vor dass ob wenn denn da dann hier bitte mal man jetzt
doch ja nein nicht kein keine keinen es gibt ab als bis beim vom ins sehr etwas i me my you your we
our he she it they them is are am was were be been do does did have has had can could should would
will shall may might must the a an and or but of to in on at for with from by about as if so what
how please there this that these those get got any some just ben sen o biz siz onlar bir ve veya ile
icin mi mu mı mü da de bu su ne nasil ama я ты он она мы вы они мне меня мой моя мое мои мою у в во
на с со к по за из от о об и или а но ли не что как это если бы же то есть можно нужно я ти він вона
ми ви вони мені мене мій моя моє мої мою у в на з зі до по за із від про і й або а але чи не що як
це якщо б же то є можна потрібно انا انت هو هي نحن انتم هم في من الى على عن مع و او ثم هل ما ماذا
كيف هذا هذه ذلك ان لا لي
"""
# Greetings, politeness and fillers of all six languages: real questions come wrapped in them.
_FILLER_TEXT = """
hallo hi hey servus moin gruess gott guten tag abend danke dank vielen bitte leider eigentlich halt
einfach komplett irgendwie frage fragen ok okay naja also liebe lieber geehrte damen herren hello
thanks thank please question dear sir madam really actually just ok merhaba selam tesekkurler
tesekkur ederim lutfen acaba soru rica iyi gunler مرحبا السلام عليكم شكرا فضلك سمحت سؤال اخي اختي
привіт вітаю доброго дня будь ласка дякую питання підкажіть скажіть здрастуйте здравствуйте привет
добрый день пожалуйста спасибо вопрос подскажите скажите
"""


# Questions about a decision in one's own case, recognised by their form (folded text).
PERSONAL_PATTERNS = [
    re.compile(p)
    for p in (
        r"\b(ist|wurde|wird) (mein|meine|unser)e?[nr]? \w*antrag\w* (schon |bereits |jetzt )?(genehmigt|bewilligt|abgelehnt|durch|angenommen)",
        r"\bwie ?viel (geld )?(bekomme|kriege|krieg|erhalte) ich (genau|exakt|naechsten|im naechsten)",
        r"\b(is|was|has) my \w* ?application (been )?(approved|accepted|rejected|granted)",
        r"\bhow much (money )?will i (get|receive) (exactly|next month)",
        r"(одобрил\w*|одобрен\w*) (ли )?мо[еияю]",
        r"схвалил\w* мо\w*",
        r"basvurum (onaylandi|kabul edildi|reddedildi)",
        r"هل (تمت )?(الموافقه|تمت الموافقه) علي طلبي",
        # Other people's money: a neighbour, a colleague, an ex, a named person receiving or earning.
        r"\b(nachbar|nachbarin|nachbarn|kollege|kollegin|exmann|exfrau|ex freund|ex freundin|herr \w+|(?<!meine )frau [a-z]\w+)\b(?:(?!\bich\b).){0,40}\b(bekommt|kriegt|erhaelt|verdient|bezieht)\b",
        r"\b(bekommt|kriegt|erhaelt|verdient|bezieht)\b.{0,30}\b(mein nachbar|meine nachbarin|mein kollege|meine kollegin|herr \w+)\b",
        r"\b(neighbou?rs?|colleagues?|ex husband|ex wife|mr \w+|mrs \w+|ms \w+)\b(?:(?!\bi\b).){0,40}\b(gets?|receives?|earns?|getting)\b",
        r"\b(get|gets|receive|receives|earn|earns)\b.{0,30}\bmy (neighbou?r|colleague)\b",
        r"(сосед\w*|коллег\w*|бывш\w* муж\w*|бывш\w* жен\w*|господин \w+).{0,40}(получает|зарабатывает|получают)",
        r"(получает|зарабатывает).{0,30}(сосед\w*|коллег\w*)",
        r"(сусід\w*|колег\w*|колишн\w* чолов\w*|колишн\w* дружин\w*|пан \w+).{0,40}(отримує|заробляє|отримують)",
        r"(отримує|заробляє).{0,30}(сусід\w*|колег\w*)",
        r"\b(komsu\w*|is arkadas\w*|eski es\w*|\w+ bey|\w+ hanim)\b.{0,40}\b(aliyor|alir|kazaniyor|aliyorlar)\b",
        r"\b(جار|جاري|جارتي|جارنا|جيراني|زميلي|زميلتي|طليقي|طليقتي|السيد \w+|السيده \w+)\b.{0,40}(ياخذ|تاخذ|يحصل|تحصل|يقبض|تقبض)",
        r"(ياخذ|تاخذ|يحصل|تحصل|يقبض|تقبض).{0,30}\b(جاري|جارتي|جيراني|زميلي|زميلتي)\b",
    )
]

# Fourth round: more forms of questions about one's own case and other people's money, written unfolded
# (folded below, like the out-of-scope patterns). Asking the bot to look something up ("can you check"),
# the exact amount of one's own money ("wie hoch ist meine Nachzahlung genau"), what one's own last
# letter or decision says, and how much a neighbour or colleague is paid (also as "komşumun kirası").
_PERSONAL_PATTERN_TEXT = (
    r"\b(kannst du|koennen sie|könnten sie|koenntest du|könntest du) (das |es |bitte |mal |kurz )*(nachschauen|nachsehen|nachgucken|pruefen|prüfen|checken|überprüfen|ueberpruefen)\b",
    r"\b(can|could) you (please |just |quickly )*(check|look up|look into)\b",
    r"\b(проверьте|проверь|посмотрите|посмотри) (пожалуйста )?(мо\w*|мне|статус мо\w*)",
    r"\b(перевірте|перевір|подивіться|подивись) (будь ласка )?(мо\w*|мені|статус мо\w*)",
    r"\b(kontrol eder misin\w*|bakar misin\w*|bakabilir misin\w*|kontrol edebilir misin\w*)\b",
    r"(ممكن|تقدر|بتقدر|هل يمكنك|يمكنك) (ت|ان ت)(شوف|تحقق|تفحص|راجع)",
    r"\b(wie ?viel|wie hoch)\b.{0,50}\b(bekomme ich|kriege ich|krieg ich|erhalte ich|steht mir|ist mein\w*|war mein\w*|wird mein\w*|zahlt ihr mir|zahlen sie mir)\b.{0,50}\b(genau|exakt)\b",
    r"\b(genau|exakt) (wie ?viel|wie hoch)\b.{0,20}\b(bekomme ich|kriege ich|erhalte ich|steht mir|ist mein\w*|war mein\w*)\b",
    r"\bhow much\b.{0,30}\b(will i get|do i get|will i be paid|will i receive|is my|was my|will you pay me)\b.{0,50}\bexactly\b|\bexactly how much\b.{0,20}\b(will i|do i|is my|was my)\b",
    r"(сколько).{0,20}(мне|я получу|мой|моя|моё|мои)\b.{0,50}(точно)|точно.{0,20}сколько.{0,20}(мне|я получу)",
    r"(скільки).{0,20}(мені|я отримаю|мій|моя|моє|мої)\b.{0,50}(точно)|точно.{0,20}скільки.{0,20}(мені|я отримаю)",
    r"\btam olarak ne kadar (para )?(alacağım|alırım|yatacak|ödeyeceksiniz|bana)|\bne kadar (para )?(alacağım|alırım|yatacak)\b.{0,30}\btam olarak\b",
    r"(كم).{0,30}(سأحصل|ساخذ|رح اخد|راح اخذ|بيعطوني|بتدفعولي|سآخذ|ستدفعون لي).{0,30}(بالضبط)|(بالضبط).{0,10}(كم).{0,20}(سأحصل|ساخذ|رح اخد|بيعطوني)",
    r"\b(wie hoch|wie ?viel|was steht|was stand|was sagt)\b.{0,30}\b(mein|meine|meinen|meinem|meiner) (letzte|letzten|letzter|letztes|aktuelle|aktuellen|aktueller|neueste|neuesten|neuester) (bescheid|brief|schreiben|bewilligung|zahlung)",
    r"\b(what did|what does|what is in|what s in|how much (was|is))\b.{0,20}\bmy (last|latest|most recent|current|recent) (decision|letter|notice|payment|statement)",
    r"(что|сколько).{0,30}(мо[еёйи]\w*|мне) (последн\w*) (решени|письм|выплат|уведомлени)",
    r"(що|скільки).{0,30}(мо[їєйя]\w*|мені) (останн\w*) (рішенн|лист|виплат|повідомленн)",
    r"\bson (kararim|mektubum|bescheidim|odemem|yazim)\b.{0,30}\b(ne kadar|ne yaziyor|ne diyor)\b",
    r"(كم|ماذا|شو|ايش).{0,20}(اخر|آخر) (قرار|رساله|رسالة|دفعه|دفعة) (لي|وصلني|وصلتني|جاني|اجاني)",
    r"\b(komşu\w*|iş arkadaş\w*|eski eş\w*)\b.{0,40}\bne kadar\b|\bne kadar\b.{0,30}\b(komşu\w*|iş arkadaş\w*)\b",
    r"\b(miete|geld|einkommen|bürgergeld|leistungen) (meines|meiner|von meinem|von meiner) (nachbarn|nachbarin|kollegen|kollegin)\b",
    r"\bmy (neighbou?r|colleague|flatmate|roommate) ?s (rent|money|benefits?|income)\b",
)

# Misuse (faking proofs, cheating the Jobcenter, making the bot drop its rules) and questions about the
# bot itself, recognised by their form in all six languages: never answered from a topic, however many
# of the topic's words they use ("wie fälsche ich eine Krankmeldung"). Written unfolded, folded below.
_OUT_OF_SCOPE_PATTERN_TEXT = (
    r"\b(faelsch\w*|gefaelscht\w*|faelschung\w*|betrueg\w*|bescheiss\w*|schwarz ?arbeit\w*|schwarz arbeiten)\b",
    r"\b(fake|faked|forge|forged|forging|forgery|counterfeit|cheat|cheating|defraud)\b",
    r"\bwithout (them|the jobcenter|anyone) (noticing|knowing|finding out)\b",
    r"\b(sahte\w*|kandir\w*|kacak calis\w*|dolandir\w*)\b",
    r"(مزور|مزيف|ازور|تزوير|اخدع|خداع|احتيال)",
    r"(підроб\w*|фальшив\w*|обдурит\w*|ошукат\w*|неофіційно)",
    r"(подделат\w*|подделк\w*|поддельн\w*|фальшив\w*|обмануть|обманут\w*|нелегально)",
    r"\b(ignore|disregard|forget) (all |any |the |your )?(previous |above |prior )?(instructions|rules|prompt)\b",
    r"\b(vergiss|ignoriere|ignorier) (alle |deine |die )?(anweisungen|regeln|vorgaben|instruktionen)\b",
    r"\b(system ?prompt|jailbreak)\b",
    r"\b(pretend|act as if) (you are|you're|to be)\b|\btu so,? als (waerst|seist|bist) du\b",
    r"(притворись|представь что ты|уяви що ти|удавай що ти)",
    r"\b(wie alt bist du|wie heisst du|bist du ein (mensch|roboter|bot)|how old are you|what is your name|what ?s your name|are you a (human|robot|bot))\b",
    r"\b(kac yasindasin|adin ne|sen kimsin)\b",
    # Asking the bot to write something for oneself (a love letter, a poem) is not a question for a topic.
    r"\b(schreib|schreibe|schreiben sie|dichte) (mir |uns )?(bitte )?(ein|einen|eine)? ?(gedicht|liebesbrief|lied|song|geschichte|aufsatz|rap)\b",
    r"\bwrite (me |us )?(please )?(a |an )?(poem|love letter|song|story|essay|rap)\b",
    r"(напиши|напишите) (мне |нам )?(стих|песн|рассказ|сочинени|любовн|поэм)",
    r"(напиши|напишіть) (мені |нам )?(вірш|пісн|оповідан|твір|любовн|поем)",
    r"\b(şiir|aşk mektubu|hikaye|hikâye|şarkı) yaz",
    r"(اكتب|اكتبي|اكتبلي) (لي )?(رساله حب|رسالة حب|قصيده|قصيدة|قصه|قصة|شعر|اغنيه|أغنية)",
    r"(كم عمرك|ما اسمك|هل انت انسان)",
    r"(скільки тобі років|як тебе звати|сколько тебе лет|как тебя зовут|ты человек|ти людина)",
)

# Abbreviations of the Jobcenter's terms that people use in every language ("WBA vergessen", "WBA nedir"):
# written out before the features are made, so they meet the examples that spell the term in full.
_ABBREVIATIONS = {
    "wba": "weiterbewilligungsantrag",
    "egv": "eingliederungsvereinbarung",
    "eau": "arbeitsunfähigkeitsbescheinigung",
    "au": "arbeitsunfähigkeitsbescheinigung",
    "kdu": "kosten der unterkunft",
    "bab": "berufsausbildungsbeihilfe",
    "alg1": "arbeitslosengeld",
    "algi": "arbeitslosengeld",
    "alg2": "bürgergeld",
    "algii": "bürgergeld",
    "hartz4": "bürgergeld",
    "hartziv": "bürgergeld",
}
_ABBREVIATION_PATTERN = re.compile(
    r"(?<![^\W_])(?:wba|egv|eau|au|kdu|bab|alg ?-?(?:1|2|ii|i)|hartz ?-?(?:4|iv))(?![^\W_])"
)

_STEMMERS = {"de": "german", "en": "english", "tr": "turkish", "ar": "arabic", "ru": "russian"}


def fold(text: str) -> str:
    """Casefold and fold letters: umlauts to ae/oe/ue, ß to ss, accents and tashkeel dropped."""
    text = text.casefold().translate(_GERMAN_MAP).translate(_ARABIC_MAP)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


STOPWORDS = frozenset(fold(w) for w in (_STOPWORD_TEXT + _FILLER_TEXT).split())
OUT_OF_SCOPE_PATTERNS = [re.compile(fold(p)) for p in _OUT_OF_SCOPE_PATTERN_TEXT]
PERSONAL_PATTERNS += [re.compile(fold(p)) for p in _PERSONAL_PATTERN_TEXT]
# Words of time (days, months, "yesterday", "next week") say nothing about whether a question is in
# scope: they are features like any word, but the coverage does not count them as unknown.
_TIME_TEXT = """
montag dienstag mittwoch donnerstag freitag samstag sonntag heute gestern morgen uebermorgen vorgestern
woche wochen monat monate monaten jahr jahre tag tage tagen naechste naechsten naechster letzte letzten
letzter januar februar maerz april mai juni juli august september oktober november dezember
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks month
months year years day days next last january february march june july october december
pazartesi sali carsamba persembe cuma cumartesi pazar bugun dun yarin hafta ay yil gun gelecek gecen
الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد اليوم امس غدا اسبوع الاسبوع شهر الشهر سنه يوم القادم الماضي
понеділок вівторок середа четвер пятниця субота неділя сьогодні вчора завтра тиждень тижня місяць
місяця рік день наступного наступний минулого минулий
понедельник вторник среда четверг пятница суббота воскресенье сегодня вчера завтра неделя неделе недели
месяц месяца год день следующей следующий прошлой прошлый
"""
TIME_WORDS = frozenset(fold(w) for w in _TIME_TEXT.split())


def normalise(text: str) -> str:
    """The text as the matcher sees it: folded, punctuation gone, single spaces."""
    return " ".join(_WORD.findall(fold(text)))


def expand_abbreviations(text: str) -> str:
    """Casefolded text with the office's abbreviations written out ("WBA" → "weiterbewilligungsantrag")."""
    return _ABBREVIATION_PATTERN.sub(lambda m: _ABBREVIATIONS[m.group(0).replace(" ", "").replace("-", "")], text)


def words(text: str) -> list[str]:
    """Casefolded words of the original text (for stemming, before folding), abbreviations written out."""
    return _WORD.findall(expand_abbreviations(text.casefold().replace("ـ", "")))


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(_STEMMERS[language])


def _stem_uk(word: str) -> str:
    for suffix in _UK_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded stem of a casefolded word in ``language``."""
    if language == "uk":
        return fold(_stem_uk(word))
    if language in _STEMMERS:
        return fold(_stemmer(language).stemWord(word))
    return fold(word)


def script_of(word: str) -> str:
    for ch in word:
        if "\u0600" <= ch <= "\u06ff":
            return "arabic"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if ch.isalpha():
            return "latin"
    return "other"


def _grams(token: str) -> Iterable[str]:
    padded = f" {token} "
    for n in (3, 4):
        for i in range(len(padded) - n + 1):
            yield padded[i : i + n]


@dataclass
class _Vector:
    weights: dict[str, float]


@dataclass
class Match:
    """The matcher's view of one question."""

    language: str
    ranking: list[tuple[str, float]]  # (class, score), best first; classes include the out-of-scope ones
    decision: str  # "answer" | "suggest" | "own_case" | "out_of_scope" | "unsure"
    topic: str | None
    confidence: float
    suggestions: list[str] = field(default_factory=list)
    centroid: str | None = None  # the class of the nearest centroid (the second vote)


class Index:
    """An in-memory index over the example questions of some topics (and the out-of-scope classes)."""

    def __init__(self, classes: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
        """``classes``: class key → language → example questions. Keys starting with "_" are out of scope."""
        examples: list[tuple[str, str, str]] = [
            (key, language, question)
            for key, per_language in classes.items()
            for language, questions in per_language.items()
            for question in questions
            if question and question.strip()
        ]
        self.vocabulary: set[str] = set()
        self.language_words: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for _key, language, question in examples:
            for word in words(question):
                folded = fold(word)
                if language in self.language_words:
                    self.language_words[language].add(folded)
                if language == "de" and len(folded) >= 4:
                    self.vocabulary.add(folded)
        # Words that also occur in other languages' examples (German terms in Turkish questions) say little.
        counts: dict[str, int] = defaultdict(int)
        for lang_words in self.language_words.values():
            for word in lang_words:
                counts[word] += 1
        self.distinctive = {
            lang: {w for w in lang_words if counts[w] == 1 and len(w) > 1}
            for lang, lang_words in self.language_words.items()
        }
        raw = [self._features(question, language) for _key, language, question in examples]
        document_frequency: dict[str, int] = defaultdict(int)
        for features in raw:
            for feature in features:
                document_frequency[feature] += 1
        total = max(1, len(raw))
        self.idf = {f: math.log((1 + total) / (1 + df)) + 1.0 for f, df in document_frequency.items()}
        self.keys = [key for key, _l, _q in examples]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for number, features in enumerate(raw):
            vector = self._weigh(features)
            for feature, weight in vector.items():
                self.postings[feature].append((number, weight))
                sums[self.keys[number]][feature] += weight
        # The second vote: one centroid per class, normalised, in an inverted index of its own.
        self.centroid_postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for key, total_vector in sums.items():
            norm = math.sqrt(sum(w * w for w in total_vector.values())) or 1.0
            for feature, weight in total_vector.items():
                self.centroid_postings[feature].append((key, weight / norm))
        self.classes = sorted(set(self.keys))
        self.known_words: set[str] = set()
        self.known_stems: set[str] = set()
        for _key, language, question in examples:
            for word in words(question):
                self.known_words.add(fold(word))
                self.known_stems.update(s for s in self._stems_of(word, language) if len(s) >= 4)
        self.word_grams: dict[str, list[str]] = defaultdict(list)
        for word in self.known_words:
            for gram in set(_grams(word)):
                self.word_grams[gram].append(word)

    # --- Features -------------------------------------------------------------------------------

    def _split_compound(self, token: str) -> list[str]:
        """Two parts of a German compound found in the examples' vocabulary (linking s dropped), else []."""
        if len(token) < 9 or (token in self.vocabulary and len(token) < 12):
            return []
        fallback: list[str] = []
        for i in range(len(token) - 4, 3, -1):
            left, right = token[:i], token[i:]
            if right not in self.vocabulary:
                continue
            if left in self.vocabulary:
                return [left, right]
            if left.endswith("s") and left[:-1] in self.vocabulary:
                return [left[:-1], right]
            if not fallback and len(left) >= 5:
                fallback = [left[:-1] if left.endswith("s") else left, right]
        return fallback

    @staticmethod
    def _stems_of(word: str, language: str) -> set[str]:
        """The stems of one casefolded word: by its script, in the question's language (and German)."""
        script = script_of(word)
        if script == "latin":
            stems = {stem(word, "de")}
            if language in ("en", "tr"):
                stems.add(stem(word, language))
            return stems
        if script == "cyrillic":
            return {stem(word, language if language in ("uk", "ru") else "ru")}
        if script == "arabic":
            return {stem(word, "ar"), fold(word)}
        return {fold(word)}

    def _features(self, text: str, language: str) -> dict[str, float]:
        features: dict[str, float] = defaultdict(float)
        tokens = words(text)
        content = [w for w in tokens if fold(w) not in STOPWORDS]
        for word in content or tokens:
            folded = fold(word)
            script = script_of(word)
            stems = self._stems_of(word, language)
            if script == "latin":
                for part in self._split_compound(folded):
                    stems.add(stem(part, "de"))
            for s in stems:
                if s:
                    features["w:" + s] += WORD_WEIGHT / len(stems) ** 0.5
            for gram in _grams(folded):
                features[gram] += GRAM_WEIGHT
            for part in self._split_compound(folded) if script == "latin" else ():
                for gram in _grams(part):
                    features[gram] += GRAM_WEIGHT * 0.5
        return features

    def _weigh(self, features: Mapping[str, float]) -> dict[str, float]:
        vector = {f: (1 + math.log(tf)) * self.idf.get(f, 0.0) if tf > 1 else tf * self.idf.get(f, 0.0)
                  for f, tf in features.items()}  # fmt: skip
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        return {f: w / norm for f, w in vector.items() if w}

    # --- Language -------------------------------------------------------------------------------

    def detect_language(self, text: str) -> str:
        """Script first; between languages of one script, the examples' vocabulary decides."""
        tokens = words(text)
        scripts: dict[str, int] = defaultdict(int)
        for token in tokens:
            scripts[script_of(token)] += len(token)
        if not scripts:
            return "de"
        # German terms inside Arabic, Ukrainian or Russian questions are common; the other way round is not.
        script = next((s for s in ("arabic", "cyrillic") if s in scripts), max(scripts, key=lambda s: scripts[s]))
        if script == "arabic":
            return "ar"
        letters = set(text.casefold())
        candidates: tuple[str, ...]
        folded = [fold(t) for t in tokens]
        if script == "cyrillic":
            candidates = ("uk", "ru")
            if letters & _UKRAINIAN_LETTERS and not letters & _RUSSIAN_LETTERS:
                return "uk"
            if letters & _RUSSIAN_LETTERS and not letters & _UKRAINIAN_LETTERS:
                return "ru"
        else:
            candidates = ("de", "en", "tr")
            if letters & _TURKISH_LETTERS:
                return "tr"
        scores = {lang: sum(1 for t in folded if t in self.distinctive.get(lang, ())) for lang in candidates}
        best = max(candidates, key=lambda lang: (scores[lang], -candidates.index(lang)))
        if scores[best] == 0:
            scores = {lang: sum(1 for t in folded if t in self.language_words.get(lang, ())) for lang in candidates}
            best = max(candidates, key=lambda lang: (scores[lang], -candidates.index(lang)))
        return best

    # --- Matching -------------------------------------------------------------------------------

    def _is_known(self, word: str) -> bool:
        """Whether the word, or a near spelling of it (shared character n-grams), occurs in the examples."""
        if word in self.known_words:
            return True
        if len(word) < 4:
            return False
        grams = set(_grams(word))
        overlap: dict[str, int] = defaultdict(int)
        for gram in grams:
            postings = self.word_grams.get(gram, ())
            if len(postings) > 400:
                continue
            for candidate in postings:
                overlap[candidate] += 1
        for candidate, shared in overlap.items():
            union = len(grams) + len(set(_grams(candidate))) - shared
            if shared / union >= KNOWN_WORD_JACCARD:
                return True
        return bool(self._split_compound(word))

    def coverage(self, text: str, language: str = "de") -> float:
        """The share of the question's content words (by length) that the examples know.

        Known: the word itself, a word with the same stem (inflection), or a near spelling (typos).
        """
        content = [
            (word, fold(word))
            for word in words(text)
            if fold(word) not in STOPWORDS and fold(word) not in TIME_WORDS and not word.isdigit()
        ]
        if not content:
            return 0.0
        total = sum(len(f) for _w, f in content)
        known = sum(
            len(f)
            for w, f in content
            if self._is_known(f) or any(s in self.known_stems for s in self._stems_of(w, language) if len(s) >= 4)
        )
        return known / total

    def _query(self, text: str, language: str) -> dict[str, float]:
        return self._weigh({f: w for f, w in self._features(text, language).items() if f in self.idf})

    def nearest_centroid(self, text: str, language: str, query: Mapping[str, float] | None = None) -> str | None:
        """The class whose centroid is nearest to the question (cosine), or None without any shared feature."""
        scores: dict[str, float] = defaultdict(float)
        for feature, weight in (query if query is not None else self._query(text, language)).items():
            for key, centroid_weight in self.centroid_postings.get(feature, ()):
                scores[key] += weight * centroid_weight
        return max(scores, key=lambda key: (scores[key], key)) if scores else None

    def rank(self, text: str, language: str, query: Mapping[str, float] | None = None) -> list[tuple[str, float]]:
        if query is None:
            query = self._query(text, language)
        similarity: dict[int, float] = defaultdict(float)
        for feature, weight in query.items():
            for number, example_weight in self.postings.get(feature, ()):
                similarity[number] += weight * example_weight
        best: dict[str, list[float]] = defaultdict(list)
        for number, score in similarity.items():
            best[self.keys[number]].append(score)
        factor = self.coverage(text, language) ** COVERAGE_POWER
        ranking = []
        for key, scores in best.items():
            top = [*sorted(scores, reverse=True)[:3], 0.0, 0.0]
            ranking.append(
                (key, factor * (TOP_WEIGHTS[0] * top[0] + TOP_WEIGHTS[1] * top[1] + TOP_WEIGHTS[2] * top[2]))
            )
        ranking.sort(key=lambda item: -item[1])
        return ranking

    def match(self, text: str, language: str | None = None) -> Match:
        detected = self.detect_language(text)
        folded_text = normalise(text)
        if any(pattern.search(folded_text) for pattern in PERSONAL_PATTERNS):
            ranking = self.rank(text, detected)
            return Match(language if language in LANGUAGES else detected, ranking, "own_case", None, 0.0)
        if any(pattern.search(folded_text) for pattern in OUT_OF_SCOPE_PATTERNS):
            ranking = self.rank(text, detected)
            return Match(language if language in LANGUAGES else detected, ranking, "out_of_scope", None, 0.0)
        language = language if language in LANGUAGES else detected
        query = self._query(text, detected)
        ranking = self.rank(text, detected, query)
        centroid = self.nearest_centroid(text, detected, query)
        in_scope = [(k, s) for k, s in ranking if not k.startswith("_")]
        out_scope = [(k, s) for k, s in ranking if k.startswith("_")]
        top_key, top = in_scope[0] if in_scope else (None, 0.0)
        second = in_scope[1][1] if len(in_scope) > 1 else 0.0
        oos_key, oos = out_scope[0] if out_scope else (None, 0.0)
        confidence = round(max(0.0, min(1.0, top)), 3)
        needed = top + (PERSONAL_MARGIN if oos_key in PERSONAL else 0.0)
        if oos_key is not None and oos >= needed and oos >= SUGGEST_MIN_SCORE * 0.8:
            decision = "own_case" if oos_key in PERSONAL else "out_of_scope"
            return Match(language, ranking, decision, None, confidence, centroid=centroid)
        rival = max(second, oos if oos_key not in PERSONAL else oos - PERSONAL_MARGIN)
        if top_key is not None and top_key == centroid:
            min_score, min_margin = AGREE_MIN_SCORE, AGREE_MIN_MARGIN
        else:
            min_score, min_margin = ANSWER_MIN_SCORE, ANSWER_MIN_MARGIN
        if top_key is not None and top >= min_score and top - rival >= min_margin:
            return Match(language, ranking, "answer", top_key, confidence, centroid=centroid)
        if top_key is not None and top >= SUGGEST_MIN_SCORE:
            floor = max(SUGGEST_MIN_SCORE, top * 0.75)
            suggestions = [k for k, s in in_scope[:MAX_SUGGESTIONS] if s >= floor]
            return Match(language, ranking, "suggest", None, confidence, suggestions, centroid)
        return Match(language, ranking, "unsure", None, confidence, centroid=centroid)


def classes_from_topics(topics: Iterable[Mapping[str, Any]], out_of_scope: Mapping[str, Any] | None) -> dict[str, Any]:
    """Index input from knowledge dicts (``{"id", "examples"}``) and the out-of-scope file."""
    classes: dict[str, Any] = {}
    for topic in topics:
        classes[topic["id"]] = topic.get("examples") or {}
    for key, per_language in ((out_of_scope or {}).get("classes") or {}).items():
        classes[key if key.startswith("_") else "_" + key] = per_language
    return classes
