#!/usr/bin/env python3
"""Deterministic RockBench-shaped document generator for Basalt's benchmarks (NDJSON).

    gen_docs.py COUNT [--seed S] [--start I] [--out FILE] [--jobs J]
    gen_docs.py 0 --info [--seed S]      # the benchmark's query constants, as JSON

Each document is about 1.2 KB of JSON with the fields RockBench's generator produced
(snake_case here): `_id`, `_event_time` (integer microseconds, rising ~1 ms per document
from 2024-01-01T00:00:00Z), `generator_identifier`, a unique scattered 32-bit `user_id`,
`guid`, `is_active`, `balance`, `picture`, `age`, `name {first, last}`, `company`,
`email`, `phone`, `address {street, city, zip_code, coordinates {latitude, longitude}}`,
`about` (a sentence), `registered` (a "YYYY-MM-DD HH:MM:SS" string), `device {os,
version, score}`, `tags` (9 strings), `friends` (2-6 objects `{name {first, last}, age}`)
and `greeting` (a paragraph). Words and tags come from fixed pseudo-word vocabularies
with a Zipf-like frequency, so text and tag predicates have realistic selectivity.

Document i depends only on (seed, i): `--start` reproduces any slice of a larger run and
`--jobs` splits the work across processes with byte-identical output. Standard library
only.

`--info` prints the constants of the benchmark queries (Q1-Q8 of the shared benchmark
spec) for the seed, with the same keys and the same definitions as the reference
generator's `--info`: the needle is the user_id of document 777777, the friend's last
name is last name #123, the email prefix is first name #17 "." last name #42, the rare and
common words have Zipf ranks 2000 and 50, and the tag has Zipf rank 500. The documents
themselves differ from the reference generator's (other vocabularies, another RNG), so
each generator's corpus needs its own generator's constants.
"""

import argparse
import itertools
import json
import multiprocessing
import random
import sys

EPOCH_2024_MICROS = 1_704_067_200 * 1_000_000

COMPANY_NAMES = ("facebook", "google", "rockset", "tesla", "uber", "lyft")
CITY_NAMES = ("SF", "San Mateo", "San Jose", "Mountain View", "Menlo Park", "Palo Alto",
              "Oakland", "Berkeley", "Fremont", "Sunnyvale")
STREET_NAMES = tuple(f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
                     for n in range(1, 11))
MAIL_HOSTS = ("example.com", "example.org", "example.net", "mail.test", "corp.test")
OS_NAMES = ("ios", "android", "web", "desktop", "tv")

ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gl", "h", "j", "k", "l", "m", "n",
          "p", "pl", "qu", "r", "s", "sh", "st", "t", "tr", "v", "w", "z")
NUCLEI = ("a", "e", "i", "o", "u", "ai", "ea", "io", "ou")
CODAS = ("", "", "", "n", "r", "s", "l", "m", "x", "nd")


def _syllable(rng):
    return rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)


def _distinct_words(rng, how_many, min_syllables, max_syllables):
    words = {}
    while len(words) < how_many:
        word = "".join(_syllable(rng) for _ in range(rng.randint(min_syllables, max_syllables)))
        words.setdefault(word, None)
    return list(words)


def _zipf_cumulative(size, exponent=1.0):
    return list(itertools.accumulate(1.0 / rank ** exponent for rank in range(1, size + 1)))


class Vocabulary:
    """The seed's fixed word lists, shared by every document."""

    def __init__(self, seed):
        rng = random.Random(f"basalt-vocabulary-{seed}")
        self.first_names = [w.title() for w in _distinct_words(rng, 200, 1, 2)]
        self.last_names = [w.title() for w in _distinct_words(rng, 300, 2, 3)]
        self.words = _distinct_words(rng, 3000, 1, 3)
        self.tags = [f"{w}-{rng.getrandbits(16):04x}" for w in _distinct_words(rng, 20000, 2, 3)]
        self.word_weights = _zipf_cumulative(len(self.words))
        self.tag_weights = _zipf_cumulative(len(self.tags))

    def sample_words(self, rng, count):
        return rng.choices(self.words, cum_weights=self.word_weights, k=count)

    def sample_tags(self, rng, count):
        return rng.choices(self.tags, cum_weights=self.tag_weights, k=count)


def scattered_user_id(index, seed):
    """A bijection of [0, 2^32): unique per index, far apart for neighbouring indexes."""
    mixed = (index * 2246822519 + seed * 3266489917 + 1) & 0xFFFFFFFF
    mixed ^= mixed >> 15
    mixed = (mixed * 668265263) & 0xFFFFFFFF
    return mixed ^ (mixed >> 13)


def _sentence(vocab, rng, low, high):
    text = " ".join(vocab.sample_words(rng, rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def make_document(index, seed, vocab):
    rng = random.Random((seed << 40) ^ index)
    first = rng.choice(vocab.first_names)
    last = rng.choice(vocab.last_names)
    guid = f"{rng.getrandbits(128):032x}"
    day = rng.randrange(3650)
    second_of_day = rng.randrange(86400)
    year, day_of_year = divmod(day, 365)
    month, day_of_month = divmod(day_of_year, 31)
    return {
        "_id": f"{index:024d}",
        "_event_time": EPOCH_2024_MICROS + index * 1000 + rng.randrange(1000),
        "generator_identifier": f"gen{seed % 10000:04d}",
        "user_id": scattered_user_id(index, seed),
        "guid": "-".join((guid[:8], guid[8:12], guid[12:16], guid[16:20], guid[20:])),
        "is_active": rng.random() < 0.5,
        "balance": round(rng.uniform(0, 10000), 2),
        "picture": f"http://img.test/{rng.getrandbits(32):08x}.png",
        "age": rng.randint(18, 80),
        "name": {"first": first, "last": last},
        "company": rng.choice(COMPANY_NAMES),
        "email": f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@{rng.choice(MAIL_HOSTS)}",
        "phone": f"{rng.randint(200, 999)}-{rng.randint(200, 999)}-{rng.randrange(10000):04d}",
        "address": {
            "street": rng.choice(STREET_NAMES),
            "city": rng.choice(CITY_NAMES),
            "zip_code": rng.randint(10000, 99999),
            "coordinates": {"latitude": round(rng.uniform(-90, 90), 6),
                            "longitude": round(rng.uniform(-180, 180), 6)},
        },
        "about": _sentence(vocab, rng, 8, 14),
        "registered": (f"{2014 + year:04d}-{min(month, 11) + 1:02d}-{min(day_of_month, 27) + 1:02d} "
                       f"{second_of_day // 3600:02d}:{second_of_day // 60 % 60:02d}:"
                       f"{second_of_day % 60:02d}"),
        "device": {"os": rng.choice(OS_NAMES),
                   "version": f"{rng.randint(1, 17)}.{rng.randrange(10)}",
                   "score": rng.randint(0, 100)},
        "tags": vocab.sample_tags(rng, 9),
        "friends": [{"name": {"first": rng.choice(vocab.first_names),
                              "last": rng.choice(vocab.last_names)},
                     "age": rng.randint(18, 80)}
                    for _ in range(rng.randint(2, 6))],
        "greeting": " ".join(_sentence(vocab, rng, 6, 12) for _ in range(rng.randint(2, 4))),
    }


_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode
_VOCAB_CACHE = {}


def render_lines(seed, start, count):
    """NDJSON text of documents start..start+count-1."""
    vocab = _VOCAB_CACHE.get(seed)
    if vocab is None:
        vocab = _VOCAB_CACHE[seed] = Vocabulary(seed)
    return "".join(_ENCODE(make_document(index, seed, vocab)) + "\n"
                   for index in range(start, start + count))


INFO_SCHEMA_VERSION = 1
NEEDLE_DOC_INDEX = 777777


def info(seed):
    """The benchmark's query constants for `seed` (keys as in the reference generator)."""
    vocab = Vocabulary(seed)
    return {
        "schema_version": INFO_SCHEMA_VERSION,
        "seed": seed,
        "needle_doc_index": NEEDLE_DOC_INDEX,  # Q1: exists when COUNT > 777777
        "needle_user_id": scattered_user_id(NEEDLE_DOC_INDEX, seed),
        "friend_last": vocab.last_names[123],  # Q5, with friend_age
        "friend_age": 61,
        "email_prefix": f"{vocab.first_names[17].lower()}.{vocab.last_names[42].lower()}",  # Q6
        "rare_word": vocab.words[1999],  # Q7
        "common_word": vocab.words[49],
        "tag": vocab.tags[499],  # Q8
    }


def _render_chunk(args):
    return render_lines(*args)


def write_documents(out, count, seed=42, start=0, jobs=1, chunk=10000):
    """Writes `count` documents to the text stream `out`, in index order."""
    chunks = [(seed, first, min(chunk, start + count - first))
              for first in range(start, start + count, chunk)]
    if jobs <= 1:
        for args in chunks:
            out.write(_render_chunk(args))
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for text in pool.imap(_render_chunk, chunks):
            out.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--out", default="-")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--info", action="store_true",
                        help="print the benchmark query constants for --seed as JSON and exit")
    args = parser.parse_args()
    if args.info:
        print(json.dumps(info(args.seed), indent=2))
        return
    if args.out == "-":
        write_documents(sys.stdout, args.count, args.seed, args.start, args.jobs)
    else:
        with open(args.out, "w", encoding="utf-8", newline="\n") as out:
            write_documents(out, args.count, args.seed, args.start, args.jobs)


if __name__ == "__main__":
    main()
