#!/usr/bin/env python3
"""Writes test/sql/function/<family>/*.test: for every registered SQL function, cases for a
normal value, null, undefined (the UNDEFINED literal and a missing field) and a wrong
argument type.

    tools/gen_function_tests.py [--check LIST]      # LIST: `gen_function_docs --list` output

The tables below are the source of the expectations, which follow spec/sql.md (§3 for null
and undefined, §9 for each function). For a function whose nulls propagate, the null and
undefined cases are derived from its sample arguments (`args`): NULL in each position gives
NULL, and so do UNDEFINED in the first position and a missing field in the last. Functions
that handle null themselves list their cases explicitly. The generated files are committed;
edit this script, rerun it, and review the diff. With --check, the script also fails when a
registered function has no cases here (or a case names a function the registry lacks).
Standard library only.
"""

import argparse
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The one-document collection every file loads: `t.n` is a stored null, `t.missing` is
# undefined.
PRELUDE = """load t
{"_id": "1", "n": null, "s": "x"}
"""

# Rows for aggregates that need more than one column.
AGG_PRELUDE = """load v
{"_id": "1", "k": "a", "n": 1, "f": 1.5, "b": true}
{"_id": "2", "k": "b", "n": 3, "f": 2.5, "b": false}
{"_id": "3", "k": "c", "n": 2, "f": null, "b": null}
{"_id": "4", "k": "d"}
"""

ERR = "QUERY_ERROR"


class Fn:
    """Cases of one scalar function.

    ok:     [(expression, expected rendering)] normal values
    args:   sample arguments (SQL) for the derived null/undefined cases; None: none derived
    nulls:  explicit [(expression, expected)] null cases (replaces the derived ones)
    undefs: explicit [(expression, expected)] undefined cases (replaces the derived ones)
    bad:    expressions that fail with QUERY_ERROR: wrong argument types (or, for functions
            that take any type, a wrong number of arguments)
    note:   a comment written above the function's cases
    """

    def __init__(self, name, ok, args=None, nulls=None, undefs=None, bad=(), note=None):
        self.name = name
        self.ok = list(ok)
        self.args = args
        self.nulls = nulls
        self.undefs = undefs
        self.bad = list(bad)
        self.note = note

    def call(self, args):
        return f"{self.name}({', '.join(args)})"

    def null_cases(self):
        if self.nulls is not None:
            return self.nulls
        if not self.args:
            return []
        cases = []
        for pos in range(len(self.args)):
            args = list(self.args)
            args[pos] = "NULL"
            cases.append((self.call(args), "NULL"))
        # A stored JSON null behaves like the literal.
        args = list(self.args)
        args[0] = "t.n"
        cases.append((self.call(args) + " FROM t", "NULL"))
        return cases

    def undef_cases(self):
        if self.undefs is not None:
            return self.undefs
        if not self.args:
            return []
        first = list(self.args)
        first[0] = "UNDEFINED"
        last = list(self.args)
        last[-1] = "t.missing"
        return [(self.call(first), "NULL"), (self.call(last) + " FROM t", "NULL")]


class Agg:
    """Cases of one aggregate: full SELECT statements (the table `v` is AGG_PRELUDE)."""

    def __init__(self, name, ok, nulls, undefs, bad, note=None):
        self.name = name
        self.ok = list(ok)
        self.nulls = list(nulls)
        self.undefs = list(undefs)
        self.bad = list(bad)
        self.note = note

    def null_cases(self):
        return self.nulls

    def undef_cases(self):
        return self.undefs


def unnest(values):
    return f"FROM UNNEST([{values}] AS x)"


HELLO_FOX = "TO_UTF8('The quick brown fox jumps over the lazy dog')"
SQUARE = "ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))')"
P00 = "ST_GEOGPOINT(0, 0)"
P01 = "ST_GEOGPOINT(0, 1)"
P55 = "ST_GEOGPOINT(5, 5)"
TS0 = "TIMESTAMP_SECONDS(0)"
D = "DATE '2018-05-26'"
DT = "DATETIME '2018-05-26 10:30:20'"
TM = "TIME '10:30:20'"


def usec(value):
    return '{"__rockset_type":"microsecond_interval","value":%d}' % value


def months(value):
    return '{"__rockset_type":"month_interval","value":%d}' % value


def byteval(b64):
    return '{"__rockset_type":"bytes","value":"%s"}' % b64


# --- scalar functions, by family and file ------------------------------------------------

FILES = {}

FILES[("conditional", "conditional")] = [
    Fn("GREATEST", [("GREATEST(1, 3, 2)", "3"), ("GREATEST(1, 2.5)", "2.5"),
                    ("GREATEST('a', 'c', 'b')", "c"), ("GREATEST(7)", "7")],
       args=["1", "2"], bad=["GREATEST(1, 'a')", "GREATEST()"]),
    Fn("LEAST", [("LEAST(3, 1, 2)", "1"), ("LEAST(1, 0.5)", "0.5"), ("LEAST('b', 'a')", "a")],
       args=["1", "2"], bad=["LEAST(1, 'a')", "LEAST()"]),
    Fn("IFNULL", [("IFNULL(1, 2)", "1"), ("IFNULL('a', 'b')", "a")],
       nulls=[("IFNULL(NULL, 2)", "2"), ("IFNULL(1, NULL)", "1"), ("IFNULL(NULL, NULL)", "NULL"),
              ("IFNULL(t.n, 2) FROM t", "2")],
       undefs=[("IFNULL(UNDEFINED, 2)", "2"), ("IFNULL(t.missing, 'y') FROM t", "y"),
               ("IFNULL(UNDEFINED, NULL)", "NULL")],
       bad=["IFNULL(1)", "IFNULL(1, 2, 3)"],
       note="IFNULL takes any type: the error cases are wrong argument counts"),
    Fn("COALESCE", [("COALESCE(1, 2)", "1"), ("COALESCE(NULL, 2, 3)", "2")],
       nulls=[("COALESCE(NULL)", "NULL"), ("COALESCE(NULL, NULL, 'c')", "c"),
              ("COALESCE(t.n, 5) FROM t", "5")],
       undefs=[("COALESCE(UNDEFINED, 1)", "1"), ("COALESCE(t.missing, t.s) FROM t", "x"),
               ("COALESCE(UNDEFINED, UNDEFINED)", "NULL")],
       bad=["COALESCE()"],
       note="COALESCE takes any type: the error case is a wrong argument count"),
    Fn("IF", [("IF(1 > 0, 'yes', 'no')", "yes"), ("IF(false, 1, 2)", "2")],
       nulls=[("IF(NULL, 1, 2)", "2"), ("IF(true, NULL, 2)", "NULL"), ("IF(false, 1, NULL)", "NULL"),
              ("IF(t.n, 1, 2) FROM t", "2")],
       undefs=[("IF(UNDEFINED, 1, 2)", "2"), ("IF(t.missing, 1, 2) FROM t", "2"),
               ("IF(true, t.missing, 2) IS NULL FROM t", "true")],
       bad=["IF(1, 'a', 'b')", "IF('true', 1, 2)", "IF(true, 1)"]),
    Fn("NULLIF", [("NULLIF(1, 2)", "1"), ("NULLIF('a', 'b')", "a")],
       nulls=[("NULLIF(1, 1)", "NULL"), ("NULLIF(NULL, 1)", "NULL"), ("NULLIF(1, NULL)", "1"),
              ("NULLIF(t.n, 1) FROM t", "NULL")],
       undefs=[("NULLIF(UNDEFINED, 1) IS NULL", "true"), ("NULLIF(2, t.missing) FROM t", "2")],
       bad=["NULLIF(1)", "NULLIF(1, 2, 3)"],
       note="NULLIF takes any type: the error cases are wrong argument counts"),
]

FILES[("type", "typeof")] = [
    Fn("TYPEOF", [("TYPEOF(1)", "int"), ("TYPEOF(2.5)", "float"), ("TYPEOF('a')", "string"),
                  ("TYPEOF(true)", "bool"), ("TYPEOF([1])", "array"), ("TYPEOF({'a': 1})", "object"),
                  (f"TYPEOF({D})", "date"), (f"TYPEOF({TS0})", "timestamp"),
                  ("TYPEOF(HOURS(1))", "microsecond_interval"), ("TYPEOF(MONTHS(1))", "month_interval"),
                  ("TYPEOF(TO_UTF8('a'))", "bytes")],
       nulls=[("TYPEOF(NULL)", "null"), ("TYPEOF(t.n) FROM t", "null")],
       undefs=[("TYPEOF(UNDEFINED)", "undefined"), ("TYPEOF(t.missing) FROM t", "undefined")],
       bad=["TYPEOF()", "TYPEOF(1, 2)"],
       note="TYPEOF takes any type: the error cases are wrong argument counts"),
    Fn("IS_SCALAR", [("IS_SCALAR(1)", "true"), ("IS_SCALAR('a')", "true"), ("IS_SCALAR([1])", "false"),
                     ("IS_SCALAR({'a': 1})", "false")],
       nulls=[("IS_SCALAR(NULL)", "false"), ("IS_SCALAR(t.n) FROM t", "false")],
       undefs=[("IS_SCALAR(UNDEFINED)", "false"), ("IS_SCALAR(t.missing) FROM t", "false")],
       bad=["IS_SCALAR()", "IS_SCALAR(1, 2)"],
       note="IS_SCALAR takes any type: the error cases are wrong argument counts"),
]

FILES[("math", "rounding")] = [
    Fn("ABS", [("ABS(-2)", "2"), ("ABS(-2.5)", "2.5"), ("TYPEOF(ABS(-2))", "int"), ("ABS(3)", "3")],
       args=["-2"], bad=["ABS('a')", "ABS(true)"]),
    Fn("SIGN", [("SIGN(-2.5)", "-1"), ("SIGN(0)", "0"), ("SIGN(7)", "1"), ("TYPEOF(SIGN(2.5))", "int")],
       args=["-2"], bad=["SIGN('a')"]),
    Fn("FLOOR", [("FLOOR(2.6)", "2.0"), ("FLOOR(-2.5)", "-3.0"), ("FLOOR(2)", "2.0")],
       args=["2.6"], bad=["FLOOR('a')"]),
    Fn("CEIL", [("CEIL(2.1)", "3.0"), ("CEIL(-2.5)", "-2.0"), ("CEIL(2)", "2.0")],
       args=["2.1"], bad=["CEIL('a')"]),
    Fn("CEILING", [("CEILING(-2.1)", "-2.0"), ("CEILING(2.1)", "3.0")], args=["2.1"],
       bad=["CEILING('a')"]),
    Fn("ROUND", [("ROUND(2.5)", "3.0"), ("ROUND(-2.5)", "-3.0"), ("ROUND(2.4)", "2.0"),
                 ("ROUND(2)", "2.0"), ("ROUND(1.234, 2)", "1.23"), ("ROUND(1.5, 0)", "2.0")],
       args=["1.234", "2"], bad=["ROUND('a')", "ROUND(1.5, 'a')"]),
    Fn("TRUNCATE", [("TRUNCATE(-2.6)", "-2.0"), ("TRUNCATE(2.6)", "2.0"), ("TRUNCATE(1.239, 2)", "1.23")],
       args=["2.6"], bad=["TRUNCATE('a')", "TRUNCATE(2.5, 'a')"]),
    Fn("TRUNC", [("TRUNC(2.6)", "2.0"), ("TRUNC(-2.6)", "-2.0")], args=["2.6"], bad=["TRUNC('a')"]),
]

FILES[("math", "elementary")] = [
    Fn("SQRT", [("SQRT(16)", "4.0"), ("SQRT(2.25)", "1.5"), ("IS_NAN(SQRT(-1))", "true")],
       args=["16"], bad=["SQRT('a')"]),
    Fn("CBRT", [("CBRT(27)", "3.0"), ("CBRT(-8)", "-2.0")], args=["27"], bad=["CBRT('a')"]),
    Fn("EXP", [("EXP(0)", "1.0"), ("EXP(1) = E()", "true")], args=["0"], bad=["EXP('a')"]),
    Fn("LN", [("LN(1)", "0.0"), ("LN(E())", "1.0"), ("IS_INFINITE(LN(0))", "true")], args=["1"],
       bad=["LN('a')"]),
    Fn("LOG10", [("LOG10(1000)", "3.0"), ("LOG10(0.01)", "-2.0")], args=["10"], bad=["LOG10('a')"]),
    Fn("LOG2", [("LOG2(8)", "3.0"), ("LOG2(0.5)", "-1.0")], args=["8"], bad=["LOG2('a')"]),
    Fn("LOG", [("LOG(2, 1024)", "10.0"), ("LOG(10, 100)", "2.0")], args=["2", "8"],
       bad=["LOG('a', 8)", "LOG(2, 'a')"]),
    Fn("POW", [("POW(2, 10)", "1024.0"), ("POW(2, -1)", "0.5"), ("POW(2.5, 2)", "6.25")],
       args=["2", "3"], bad=["POW('a', 2)", "POW(2, 'a')"]),
    Fn("POWER", [("POWER(3, 2)", "9.0"), ("TYPEOF(POWER(3, 2))", "float")], args=["3", "2"],
       bad=["POWER('a', 2)"]),
    Fn("MOD", [("MOD(17, 5)", "2"), ("MOD(-17, 5)", "-2"), ("MOD(17, -5)", "2"), ("MOD(5.5, 2)", "1.5")],
       args=["17", "5"], bad=["MOD('a', 2)", "MOD(1, 0)"]),
    Fn("SIN", [("SIN(0)", "0.0"), ("SIN(1)", "0.8414709848078965")], args=["0"], bad=["SIN('a')"]),
    Fn("COS", [("COS(0)", "1.0"), ("COS(1)", "0.5403023058681398")], args=["0"], bad=["COS('a')"]),
    Fn("TAN", [("TAN(0)", "0.0"), ("TAN(1)", "1.5574077246549023")], args=["0"], bad=["TAN('a')"]),
    Fn("ASIN", [("ASIN(0)", "0.0"), ("ASIN(1)", "1.5707963267948966")], args=["0"], bad=["ASIN('a')"]),
    Fn("ACOS", [("ACOS(1)", "0.0"), ("ACOS(0)", "1.5707963267948966")], args=["1"], bad=["ACOS('a')"]),
    Fn("ATAN", [("ATAN(0)", "0.0"), ("ATAN(1)", "0.7853981633974483")], args=["0"], bad=["ATAN('a')"]),
    Fn("SINH", [("SINH(0)", "0.0"), ("SINH(1)", "1.1752011936438014")], args=["0"], bad=["SINH('a')"]),
    Fn("COSH", [("COSH(0)", "1.0"), ("COSH(1)", "1.5430806348152437")], args=["0"], bad=["COSH('a')"]),
    Fn("TANH", [("TANH(0)", "0.0"), ("TANH(1)", "0.7615941559557649")], args=["0"], bad=["TANH('a')"]),
    Fn("ASINH", [("ASINH(0)", "0.0"), ("ASINH(1)", "0.881373587019543")], args=["0"],
       bad=["ASINH('a')"]),
    Fn("ACOSH", [("ACOSH(1)", "0.0"), ("ACOSH(2)", "1.3169578969248166")], args=["1"],
       bad=["ACOSH('a')"]),
    Fn("ATANH", [("ATANH(0)", "0.0"), ("ATANH(0.5)", "0.5493061443340548")], args=["0"],
       bad=["ATANH('a')"]),
    Fn("ATAN2", [("ATAN2(0, 1)", "0.0"), ("ATAN2(1, 1)", "0.7853981633974483"),
                 ("ATAN2(0, -1)", "3.141592653589793"), ("ATAN2(-1, 0)", "-1.5707963267948966")],
       args=["1", "1"], bad=["ATAN2('a', 1)", "ATAN2(1, 'a')"]),
    Fn("HYPOT", [("HYPOT(3, 4)", "5.0"), ("HYPOT(-5, 12)", "13.0")], args=["3", "4"],
       bad=["HYPOT('a', 4)"]),
    Fn("DEGREES", [("DEGREES(PI())", "180.0"), ("DEGREES(0)", "0.0")], args=["1"],
       bad=["DEGREES('a')"]),
    Fn("RADIANS", [("RADIANS(180)", "3.141592653589793"), ("RADIANS(0)", "0.0")], args=["180"],
       bad=["RADIANS('a')"]),
    Fn("PI", [("PI()", "3.141592653589793")], bad=["PI(1)"],
       note="PI takes no arguments: there is no null or undefined case; the error is an argument count"),
    Fn("E", [("E()", "2.718281828459045")], bad=["E(1)"],
       note="E takes no arguments: there is no null or undefined case; the error is an argument count"),
    Fn("RAND", [("RAND() >= 0.0 AND RAND() < 1.0", "true"), ("TYPEOF(RAND())", "float")], bad=["RAND('a')"],
       note="RAND takes no arguments: there is no null or undefined case"),
    Fn("RANDOM", [("RANDOM() >= 0.0 AND RANDOM() < 1.0", "true")], bad=["RANDOM('a')"],
       note="RANDOM takes no arguments: there is no null or undefined case"),
    Fn("IS_NAN", [("IS_NAN(SQRT(-1))", "true"), ("IS_NAN(1)", "false"), ("IS_NAN(1.5)", "false")],
       args=["1.5"], bad=["IS_NAN('a')"]),
    Fn("IS_FINITE", [("IS_FINITE(1.5)", "true"), ("IS_FINITE(LN(0))", "false"),
                     ("IS_FINITE(SQRT(-1))", "false"), ("IS_FINITE(3)", "true")],
       args=["1.5"], bad=["IS_FINITE('a')"]),
    Fn("IS_INFINITE", [("IS_INFINITE(LN(0))", "true"), ("IS_INFINITE(-LN(0))", "true"),
                       ("IS_INFINITE(1.5)", "false"), ("IS_INFINITE(SQRT(-1))", "false")],
       args=["1.5"], bad=["IS_INFINITE('a')"]),
    Fn("WIDTH_BUCKET", [("WIDTH_BUCKET(5.5, 0, 10, 5)", "3"), ("WIDTH_BUCKET(-1, 0, 10, 5)", "0"),
                        ("WIDTH_BUCKET(10, 0, 10, 5)", "6"), ("WIDTH_BUCKET(0, 0, 10, 5)", "1")],
       args=["5.5", "0", "10", "5"],
       # Found by function_fuzz: n + 1 overflowed for n = 2^63 - 1.
       bad=["WIDTH_BUCKET('a', 0, 10, 5)", "WIDTH_BUCKET(1, 0, 10, 'a')",
            "WIDTH_BUCKET(2, 9223372036854775806, 2, 9223372036854775807)"]),
]

FILES[("math", "bitwise")] = [
    Fn("BITWISE_AND", [("BITWISE_AND(12, 10)", "8"), ("BITWISE_AND(-1, 5)", "5")], args=["12", "10"],
       bad=["BITWISE_AND(1.5, 1)", "BITWISE_AND('a', 1)"]),
    Fn("BITWISE_OR", [("BITWISE_OR(12, 10)", "14"), ("BITWISE_OR(0, 0)", "0")], args=["12", "10"],
       bad=["BITWISE_OR(1.5, 1)"]),
    Fn("BITWISE_XOR", [("BITWISE_XOR(5, 3)", "6"), ("BITWISE_XOR(-1, 0)", "-1")], args=["5", "3"],
       bad=["BITWISE_XOR(1, 'a')"]),
    Fn("BITWISE_NOT", [("BITWISE_NOT(0)", "-1"), ("BITWISE_NOT(5)", "-6")], args=["0"],
       bad=["BITWISE_NOT(1.5)"]),
    Fn("BITWISE_SHIFT_LEFT", [("BITWISE_SHIFT_LEFT(1, 4)", "16"), ("BITWISE_SHIFT_LEFT(1, 64)", "0")],
       args=["1", "4"], bad=["BITWISE_SHIFT_LEFT('a', 1)", "BITWISE_SHIFT_LEFT(1, 1.5)"]),
    Fn("BITWISE_SHIFT_RIGHT", [("BITWISE_SHIFT_RIGHT(16, 2)", "4"), ("BITWISE_SHIFT_RIGHT(-1, 60)", "15")],
       args=["16", "2"], bad=["BITWISE_SHIFT_RIGHT('a', 1)"]),
    Fn("BITWISE_SHIFT_RIGHT_ARITHMETIC", [("BITWISE_SHIFT_RIGHT_ARITHMETIC(-16, 2)", "-4"),
                                          ("BITWISE_SHIFT_RIGHT_ARITHMETIC(16, 2)", "4")],
       args=["-16", "2"], bad=["BITWISE_SHIFT_RIGHT_ARITHMETIC(1.5, 1)"]),
    Fn("BIT_COUNT", [("BIT_COUNT(9, 64)", "2"), ("BIT_COUNT(-1, 8)", "8"), ("BIT_COUNT(9)", "2"),
                     ("BIT_COUNT(-1)", "64")],
       args=["9", "64"], bad=["BIT_COUNT('a', 64)", "BIT_COUNT(1.5)"]),
]

FILES[("string", "case_and_length")] = [
    Fn("LOWER", [("LOWER('AbC')", "abc"), ("LOWER('ÉLODIE')", "élodie"), ("LOWER('')", "(empty)")],
       args=["'AbC'"], bad=["LOWER(1)", "LOWER(['A'])"]),
    Fn("UPPER", [("UPPER('AbC')", "ABC"), ("UPPER('élodie')", "ÉLODIE")], args=["'AbC'"],
       bad=["UPPER(1)", "UPPER(TO_UTF8('a'))"]),
    Fn("LENGTH", [("LENGTH('foo')", "3"), ("LENGTH('héllo')", "5"), ("LENGTH('')", "0"),
                  ("LENGTH([1, 2])", "2"), ("LENGTH({'a': 1})", "1")],
       args=["'foo'"], bad=["LENGTH(1)", "LENGTH(true)"]),
    Fn("CONCAT", [("CONCAT('a', 'b', 'c')", "abc"), ("CONCAT('a')", "a"), ("CONCAT('é', '')", "é")],
       args=["'a'", "'b'"], bad=["CONCAT('a', 1)", "CONCAT(1)"]),
]

FILES[("string", "encoding")] = [
    Fn("TO_UTF8", [("TO_UTF8('hi')", byteval("aGk=")), ("TO_HEX(TO_UTF8('hé'))", "68c3a9")],
       args=["'hi'"], bad=["TO_UTF8(1)"]),
    Fn("FROM_UTF8", [("FROM_UTF8(TO_UTF8('héllo'))", "héllo"), ("FROM_UTF8(FROM_HEX('4142'))", "AB")],
       args=["TO_UTF8('a')"], bad=["FROM_UTF8(1)", "FROM_UTF8(FROM_HEX('ff'))"]),
    Fn("TO_HEX", [("TO_HEX(TO_UTF8('AB'))", "4142"), ("TO_HEX(FROM_HEX('FF00'))", "ff00")],
       args=["TO_UTF8('AB')"], bad=["TO_HEX(1)"]),
    Fn("FROM_HEX", [("FROM_HEX('4142')", byteval("QUI=")), ("FROM_UTF8(FROM_HEX('4142'))", "AB")],
       args=["'4142'"], bad=["FROM_HEX(1)", "FROM_HEX('zz')"]),
    Fn("TO_BASE64", [("TO_BASE64(TO_UTF8('hi'))", "aGk="), ("TO_BASE64(TO_UTF8(''))", "(empty)")],
       args=["TO_UTF8('hi')"], bad=["TO_BASE64(1)"]),
    Fn("FROM_BASE64", [("FROM_BASE64('aGk=')", byteval("aGk=")), ("FROM_UTF8(FROM_BASE64('aGk='))", "hi")],
       args=["'aGk='"], bad=["FROM_BASE64(1)", "FROM_BASE64('!!')"]),
]

FILES[("string", "format")] = [
    Fn("FORMAT", [("FORMAT('%{}%', 'abc')", "%abc%"), ("FORMAT('{}-{}', 1, 2.5)", "1-2.5"),
                  ("FORMAT('plain')", "plain"), ("FORMAT('{:>5}|{:.2f}', 'ab', 3.14159) = '   ab|3.14'", "true")],
       args=["'{}-{}'", "1", "2"],
       # Found by function_fuzz: huge or argument-supplied widths padded gigabytes.
       bad=["FORMAT(1)", "FORMAT(1, 2)", "FORMAT('{:>1000000000}', 1)", "FORMAT('{:.99999999f}', 1.5)",
            "FORMAT('{:{}}', 1, 5)", "FORMAT('{', 1)"]),
]

FILES[("string", "normalize")] = [
    Fn("NORMALIZE", [("NORMALIZE('e\u0301')", "\u00e9"), ("LENGTH(NORMALIZE('\u00e9', NFD))", "2"),
                     ("NORMALIZE('\ufb01', NFKC)", "fi"), ("LENGTH(NORMALIZE('\u00e9', 'nfkd'))", "2"),
                     ("NORMALIZE('abc', NFC)", "abc")],
       # The form is a keyword (or a string), never an expression: null cases use NORMALIZE(s).
       args=["'a'"], bad=["NORMALIZE(1)", "NORMALIZE('a', NFX)", "NORMALIZE([1], NFC)"]),
]

FILES[("string", "replace_split")] = [
    Fn("REPLACE", [("REPLACE('abcabc', 'b', 'x')", "axcaxc"), ("REPLACE('abcabc', 'b')", "acac"),
                   ("REPLACE('abc', 'z', 'x')", "abc")],
       args=["'abc'", "'b'", "'x'"], bad=["REPLACE(1, 'a', 'b')", "REPLACE('a', 1)"]),
    Fn("SPLIT", [("SPLIT('a,b,c', ',')", '["a","b","c"]'), ("SPLIT('a,b,c', ',', 2)", '["a","b,c"]'),
                 ("SPLIT('abc', ',')", '["abc"]')],
       args=["'a,b'", "','"], bad=["SPLIT(1, ',')", "SPLIT('a,b', ',', 0)", "SPLIT('a', ',', 'x')"]),
    Fn("SPLIT_PART", [("SPLIT_PART('a,b,c', ',', 2)", "b"), ("SPLIT_PART('a,b,c', ',', 4)", "NULL")],
       args=["'a,b,c'", "','", "2"], bad=["SPLIT_PART('a,b', ',', 'x')", "SPLIT_PART(1, ',', 1)"]),
    Fn("REVERSE", [("REVERSE('abc')", "cba"), ("REVERSE('héllo')", "olléh"), ("REVERSE([1, 2, 3])", "[3,2,1]")],
       args=["'abc'"], bad=["REVERSE(1)"]),
    Fn("REPEAT", [("REPEAT('ab', 3)", "ababab"), ("REPEAT('ab', 0)", "(empty)"),
                  # Found by function_fuzz: an empty string repeated 2^63 - 1 times looped forever.
                  ("REPEAT('', 9223372036854775807)", "(empty)")],
       args=["'ab'", "3"],
       # 4 * 2^62 wrapped around to 0 in the size check.
       bad=["REPEAT('ab', 'x')", "REPEAT(1, 2)", "REPEAT('abcd', 4611686018427387904)", "REPEAT('a', -1)"]),
    Fn("LPAD", [("LPAD('7', 3, '0')", "007"), ("LPAD('hello', 3, 'x')", "hel"), ("LPAD('ab', 4) = '  ab'", "true")],
       args=["'7'", "3", "'0'"], bad=["LPAD(7, 3, '0')", "LPAD('7', 'x', '0')"]),
    Fn("RPAD", [("RPAD('ab', 4, 'xy')", "abxy"), ("RPAD('ab', 5, 'xy')", "abxyx"),
                ("RPAD('ab', 3) = 'ab '", "true")],
       args=["'ab'", "4", "'x'"], bad=["RPAD(1, 4, 'x')"]),
    Fn("CHR", [("CHR(65)", "A"), ("CHR(233)", "é")], args=["65"], bad=["CHR('a')", "CHR(-1)"]),
    Fn("CODEPOINT", [("CODEPOINT('A')", "65"), ("CODEPOINT('é')", "233")], args=["'A'"],
       bad=["CODEPOINT(1)", "CODEPOINT('ab')"]),
    Fn("LEVENSHTEIN_DISTANCE", [("LEVENSHTEIN_DISTANCE('kitten', 'sitting')", "3"),
                                ("LEVENSHTEIN_DISTANCE('', 'abc')", "3"),
                                ("LEVENSHTEIN_DISTANCE('é', 'e')", "1")],
       args=["'a'", "'b'"], bad=["LEVENSHTEIN_DISTANCE(1, 'a')"]),
    Fn("HAMMING_DISTANCE", [("HAMMING_DISTANCE('abc', 'abd')", "1"), ("HAMMING_DISTANCE('', '')", "0")],
       args=["'a'", "'b'"], bad=["HAMMING_DISTANCE(1, 'a')", "HAMMING_DISTANCE('abc', 'ab')"]),
]

FILES[("string", "substring")] = [
    Fn("SUBSTR", [("SUBSTR('hello', 2)", "ello"), ("SUBSTR('hello', -3, 2)", "ll"),
                  ("SUBSTR('héllo', 2, 2)", "él"), ("SUBSTR('hello', 10)", "(empty)")],
       args=["'hello'", "2", "2"], bad=["SUBSTR(1, 2)", "SUBSTR('a', 'b')"]),
    Fn("SUBSTRING", [("SUBSTRING('hello' FROM 2 FOR 3)", "ell"), ("SUBSTRING('hello', 2, 3)", "ell"),
                     ("SUBSTRING('hello' FROM 4)", "lo")],
       args=["'hello'", "2"], bad=["SUBSTRING(1 FROM 2)"]),
    Fn("STRPOS", [("STRPOS('hello', 'l')", "3"), ("STRPOS('hello', 'z')", "0"), ("STRPOS('hello', 'l', 2)", "4"),
                  ("STRPOS('héllo', 'l')", "3")],
       args=["'hello'", "'l'"], bad=["STRPOS(1, 'a')", "STRPOS('a', 1)"]),
    Fn("POSITION", [("POSITION('l' IN 'hello')", "3"), ("POSITION('z' IN 'hello')", "0")],
       args=["'l'", "'hello'"], bad=["POSITION(1 IN 'a')"]),
    Fn("STARTS_WITH", [("STARTS_WITH('hello', 'he')", "true"), ("STARTS_WITH('hello', 'lo')", "false")],
       args=["'hello'", "'he'"], bad=["STARTS_WITH(1, 'a')"]),
    Fn("ENDS_WITH", [("ENDS_WITH('hello', 'lo')", "true"), ("ENDS_WITH('hello', 'he')", "false")],
       args=["'hello'", "'lo'"], bad=["ENDS_WITH('a', 1)"]),
    Fn("TRIM", [("TRIM('  ab  ')", "ab"), ("TRIM('xxabxx', 'x')", "ab")], args=["' a '"], bad=["TRIM(1)"]),
    Fn("LTRIM", [("LTRIM('  ab  ') = 'ab  '", "true"), ("LTRIM('xxabxx', 'x')", "abxx")], args=["' a '"],
       bad=["LTRIM(1)"]),
    Fn("RTRIM", [("RTRIM('  ab  ') = '  ab'", "true"), ("RTRIM('xxabxx', 'x')", "xxab")], args=["' a '"],
       bad=["RTRIM(1)"]),
]

FILES[("regex", "regexp")] = [
    Fn("REGEXP_LIKE", [("REGEXP_LIKE('hello', 'l+')", "true"), ("REGEXP_LIKE('user1@x.com', 'user1@')", "true"),
                       ("REGEXP_LIKE('hello', '^l')", "false")],
       args=["'hello'", "'l+'"], bad=["REGEXP_LIKE(1, 'a')", "REGEXP_LIKE('a', 1)", "REGEXP_LIKE('a', '(')"]),
    Fn("REGEXP_EXTRACT", [("REGEXP_EXTRACT('abc123def456', '[0-9]+')", "123"),
                          ("REGEXP_EXTRACT('a=1', '(\\w)=(\\d)', 2)", "1"),
                          ("REGEXP_EXTRACT('abc', '[0-9]+')", "NULL")],
       args=["'abc'", "'b'"], bad=["REGEXP_EXTRACT(1, 'a')", "REGEXP_EXTRACT('a', '(')"]),
    Fn("REGEXP_EXTRACT_ALL", [("REGEXP_EXTRACT_ALL('a1b22c333', '[0-9]+')", '["1","22","333"]'),
                              ("REGEXP_EXTRACT_ALL('a1b2', '([a-z])([0-9])', 2)", '["1","2"]'),
                              ("REGEXP_EXTRACT_ALL('abc', '[0-9]')", "[]")],
       args=["'a1'", "'[0-9]'"], bad=["REGEXP_EXTRACT_ALL(1, 'a')"]),
    Fn("REGEXP_REPLACE", [("REGEXP_REPLACE('a1b2c3', '[0-9]')", "abc"),
                          ("REGEXP_REPLACE('ab', '(a)(b)', '\\2\\1')", "ba"),
                          ("REGEXP_REPLACE('abc', 'b', '[\\0]')", "a[b]c")],
       args=["'a1'", "'[0-9]'", "'x'"], bad=["REGEXP_REPLACE(1, 'a')", "REGEXP_REPLACE('a', 'a', 1)"]),
    Fn("REGEXP_SPLIT", [("REGEXP_SPLIT('a1b22c', '[0-9]+')", '["a","b","c"]'),
                        ("REGEXP_SPLIT('abc', ',')", '["abc"]')],
       args=["'a1b'", "'[0-9]'"], bad=["REGEXP_SPLIT(1, 'a')"]),
    Fn("REGEXP_COUNT", [("REGEXP_COUNT('a1b22c333', '[0-9]+')", "3"), ("REGEXP_COUNT('abc', '[0-9]')", "0")],
       args=["'a1'", "'[0-9]'"], bad=["REGEXP_COUNT(1, 'a')"]),
]

FILES[("array", "array")] = [
    Fn("ARRAY_CONTAINS", [("ARRAY_CONTAINS([1, 2, 3], 2)", "true"), ("ARRAY_CONTAINS([1, 2, 3], 5)", "false"),
                          ("ARRAY_CONTAINS(['a', 'b'], 'b')", "true")],
       nulls=[("ARRAY_CONTAINS(NULL, 1)", "NULL"), ("ARRAY_CONTAINS([1, NULL], NULL)", "true"),
              ("ARRAY_CONTAINS([1, 2], NULL)", "false"), ("ARRAY_CONTAINS(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_CONTAINS(UNDEFINED, 1)", "NULL"), ("ARRAY_CONTAINS(t.missing, 1) FROM t", "NULL")],
       bad=["ARRAY_CONTAINS('abc', 'a')", "ARRAY_CONTAINS(1, 1)"]),
    Fn("ARRAY_CREATE", [("ARRAY_CREATE(1, 'a')", '[1,"a"]'), ("ARRAY_CREATE()", "[]"),
                        ("ARRAY_CREATE([1], {'a': 2})", '[[1],{"a":2}]')],
       nulls=[("ARRAY_CREATE(NULL)", "[null]"), ("ARRAY_CREATE(1, t.n) FROM t", "[1,null]")],
       undefs=[("ARRAY_CREATE(1, UNDEFINED)", "[1,null]"), ("ARRAY_CREATE(t.missing) FROM t", "[null]")],
       bad=[], note="ARRAY_CREATE takes any number of values of any type: there is no error case"),
    Fn("CARDINALITY", [("CARDINALITY([1, 2, 3])", "3"), ("CARDINALITY([])", "0")], args=["[1]"],
       bad=["CARDINALITY('abc')", "CARDINALITY(1)"]),
    Fn("ELEMENT_AT", [("ELEMENT_AT([1, 2, 3], 2)", "2"), ("ELEMENT_AT([1, 2, 3], -1)", "3"),
                      ("ELEMENT_AT([1, 2, 3], 5)", "NULL"), ("ELEMENT_AT({'a': 1}, 'a')", "1"),
                      ("ELEMENT_AT({'a': 1}, 'b')", "NULL")],
       args=["[1, 2]", "1"], bad=["ELEMENT_AT(1, 1)", "ELEMENT_AT([1], 'a')", "ELEMENT_AT({'a': 1}, 1)"]),
    Fn("ARRAY_POSITION", [("ARRAY_POSITION([1, 2, 1], 1)", "1"), ("ARRAY_POSITION([1, 2], 9)", "0"),
                          ("ARRAY_POSITION(['a', 'b'], 'b')", "2")],
       nulls=[("ARRAY_POSITION([5, 'hello', NULL], NULL)", "3"), ("ARRAY_POSITION([5], NULL)", "0"),
              ("ARRAY_POSITION(NULL, 1)", "NULL"), ("ARRAY_POSITION(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_POSITION(UNDEFINED, 1)", "NULL"), ("ARRAY_POSITION(t.missing, 1) FROM t", "NULL")],
       bad=["ARRAY_POSITION('abc', 'a')"]),
    Fn("ARRAY_LAST_POSITION", [("ARRAY_LAST_POSITION([5, NULL, 5], 5)", "3"),
                               ("ARRAY_LAST_POSITION([1, 2], 9)", "0")],
       nulls=[("ARRAY_LAST_POSITION([NULL, 1, NULL], NULL)", "3"), ("ARRAY_LAST_POSITION(NULL, 1)", "NULL"),
              ("ARRAY_LAST_POSITION(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_LAST_POSITION(UNDEFINED, 1)", "NULL"),
               ("ARRAY_LAST_POSITION(t.missing, 1) FROM t", "NULL")],
       bad=["ARRAY_LAST_POSITION('abc', 'a')"]),
    Fn("ARRAY_REMOVE", [("ARRAY_REMOVE([3, 1, 2, 1], 1)", "[3,2]"), ("ARRAY_REMOVE([1], 9)", "[1]")],
       nulls=[("ARRAY_REMOVE([1, NULL, 2], NULL)", "[1,2]"), ("ARRAY_REMOVE(NULL, 1)", "NULL"),
              ("ARRAY_REMOVE(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_REMOVE(UNDEFINED, 1)", "NULL"), ("ARRAY_REMOVE(t.missing, 1) FROM t", "NULL")],
       bad=["ARRAY_REMOVE('abc', 'a')"]),
    Fn("ARRAY_DISTINCT", [("ARRAY_DISTINCT([1, 2, 1, 3, 2])", "[1,2,3]"), ("ARRAY_DISTINCT([])", "[]"),
                          ("ARRAY_DISTINCT(['b', 'a', 'b'])", '["b","a"]')],
       args=["[1]"], bad=["ARRAY_DISTINCT('abc')"]),
    Fn("SLICE", [("SLICE([1, 2, 3, 4], 2)", "[2,3,4]"), ("SLICE([1, 2, 3, 4], -2, 1)", "[3]"),
                 ("SLICE([1, 2, 3, 4], 2, 2)", "[2,3]")],
       args=["[1, 2]", "1", "1"], bad=["SLICE('abc', 1)", "SLICE([1], 'a')"]),
    Fn("ARRAY_CONCAT", [("ARRAY_CONCAT([1], [2, 3])", "[1,2,3]"), ("ARRAY_CONCAT([1], [], ['a'])", '[1,"a"]')],
       args=["[1]", "[2]"], bad=["ARRAY_CONCAT([1], 2)", "ARRAY_CONCAT('a', 'b')"]),
    Fn("ARRAY_FLATTEN", [("ARRAY_FLATTEN([[1, 2], [3]])", "[1,2,3]"), ("ARRAY_FLATTEN([[1, [2]], 3])", "[1,[2],3]")],
       args=["[[1]]"], bad=["ARRAY_FLATTEN(1)"]),
    Fn("ARRAY_JOIN", [("ARRAY_JOIN([1, 'a', NULL], '-')", "1-a"), ("ARRAY_JOIN([1, NULL], '-', 'x')", "1-x"),
                      ("ARRAY_JOIN([], ',')", "(empty)")],
       args=["['a', 'b']", "','"], bad=["ARRAY_JOIN('abc', '-')", "ARRAY_JOIN(['a'], 1)"]),
    Fn("ARRAY_APPEND", [("ARRAY_APPEND([1, 2], 3)", "[1,2,3]"), ("ARRAY_APPEND([], 'a')", '["a"]')],
       nulls=[("ARRAY_APPEND([1], NULL)", "[1,null]"), ("ARRAY_APPEND(NULL, 1)", "NULL"),
              ("ARRAY_APPEND(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_APPEND(UNDEFINED, 1)", "NULL"), ("ARRAY_APPEND([1], t.missing) FROM t", "[1,null]")],
       bad=["ARRAY_APPEND(1, 2)"]),
    Fn("ARRAY_PREPEND", [("ARRAY_PREPEND([2, 3], 1)", "[1,2,3]")],
       nulls=[("ARRAY_PREPEND([1], NULL)", "[null,1]"), ("ARRAY_PREPEND(NULL, 1)", "NULL"),
              ("ARRAY_PREPEND(t.n, 1) FROM t", "NULL")],
       undefs=[("ARRAY_PREPEND(UNDEFINED, 1)", "NULL"), ("ARRAY_PREPEND([1], t.missing) FROM t", "[null,1]")],
       bad=["ARRAY_PREPEND('a', 2)"]),
    Fn("ARRAY_SORT", [("ARRAY_SORT([3, 1, 2])", "[1,2,3]"), ("ARRAY_SORT([3, NULL, 1])", "[1,3,null]"),
                      ("ARRAY_SORT(['b', 'a'])", '["a","b"]')],
       args=["[2, 1]"], bad=["ARRAY_SORT(1)"]),
    Fn("ARRAY_MAX", [("ARRAY_MAX([1, 3, 2])", "3"), ("ARRAY_MAX([])", "NULL"), ("ARRAY_MAX([1, NULL])", "NULL")],
       args=["[1]"], bad=["ARRAY_MAX(1)"]),
    Fn("ARRAY_MIN", [("ARRAY_MIN([2, 1, 3])", "1"), ("ARRAY_MIN(['b', 'a'])", "a"), ("ARRAY_MIN([])", "NULL")],
       args=["[1]"], bad=["ARRAY_MIN('abc')"]),
    Fn("ARRAY_SHUFFLE", [("ARRAY_SORT(ARRAY_SHUFFLE([3, 1, 2]))", "[1,2,3]"), ("ARRAY_SHUFFLE([])", "[]")],
       args=["[1]"], bad=["ARRAY_SHUFFLE(1)"]),
]

FILES[("array", "array_set")] = [
    Fn("ARRAY_INTERSECT", [("ARRAY_INTERSECT([1, 2, 2, 3], [2, 3, 4])", "[2,3]"), ("ARRAY_INTERSECT([1], [2])", "[]")],
       args=["[1]", "[1]"], bad=["ARRAY_INTERSECT(1, [1])", "ARRAY_INTERSECT([1], 'a')"]),
    Fn("ARRAY_UNION", [("ARRAY_UNION([1, 2], [2, 3])", "[1,2,3]"), ("ARRAY_UNION([1, 1], [])", "[1]")],
       args=["[1]", "[2]"], bad=["ARRAY_UNION(1, [1])"]),
    Fn("ARRAY_EXCEPT", [("ARRAY_EXCEPT([1, 2, 3], [2])", "[1,3]"), ("ARRAY_EXCEPT([1, 1, 2], [])", "[1,2]")],
       args=["[1]", "[2]"], bad=["ARRAY_EXCEPT([1], 2)"]),
    Fn("ARRAYS_OVERLAP", [("ARRAYS_OVERLAP([1, 2], [2, 3])", "true"), ("ARRAYS_OVERLAP([1], [2])", "false"),
                          ("ARRAYS_OVERLAP([1, NULL], [2])", "NULL")],
       args=["[1]", "[1]"], bad=["ARRAYS_OVERLAP(1, [1])"]),
    Fn("SEQUENCE", [("SEQUENCE(1, 5, 2)", "[1,3,5]"), ("SEQUENCE(3, 1)", "[3,2,1]"), ("SEQUENCE(1, 3)", "[1,2,3]"),
                    ("SEQUENCE(DATE '2018-01-30', DATE '2018-02-01', DAYS(1))",
                     '["2018-01-30","2018-01-31","2018-02-01"]')],
       args=["1", "3", "1"], bad=["SEQUENCE('a', 3)", "SEQUENCE(1, 5, 0)"]),
    Fn("ZIP", [("ZIP([['a', 1], ['b', 2]])", '{"a":1,"b":2}'), ("ZIP([1, 2], ['x', 'y'])", '[[1,"x"],[2,"y"]]'),
               ("ZIP([1, 2], ['x'])", '[[1,"x"],[2,null]]')],
       args=["[1]", "[2]"], bad=["ZIP(1)", "ZIP([1], 2)"]),
]

FILES[("object", "object")] = [
    Fn("OBJECT", [("OBJECT(['a', 'b'], [1, 2])", '{"a":1,"b":2}'), ("OBJECT([], [])", "{}"),
                  ("OBJECT()", "{}"), ("LENGTH(OBJECT())", "0"),
                  ("OBJECT(['a', 'b'], [1, UNDEFINED])", '{"a":1}'), ("OBJECT(['a'], [UNDEFINED])", "{}"),
                  ("OBJECT(['a', 'b'], [1, NULL])", '{"a":1,"b":null}')],
       args=["['a']", "[1]"],
       bad=["OBJECT([1], [2])", "OBJECT(['a'], [1, 2])", "OBJECT('a', 1)", "OBJECT(['a'])"]),
    Fn("KEYS", [("KEYS({'a': 1, 'b': 2})", '["a","b"]'), ("KEYS({})", "[]")], args=["{'a': 1}"],
       bad=["KEYS([1])", "KEYS('a')"]),
    Fn("VALUES", [("VALUES({'a': 1, 'b': 2})", "[1,2]")], args=["{'a': 1}"], bad=["VALUES([1])"]),
    Fn("ITEMS", [("ITEMS({'a': 1, 'b': 'x'})", '[["a",1],["b","x"]]')], args=["{'a': 1}"], bad=["ITEMS(1)"]),
    Fn("MERGE", [("MERGE({'a': 1, 'b': 2}, {'b': 3, 'c': 4})", '{"a":1,"b":3,"c":4}'),
                 ("MERGE({'a': 1}, {}, {'a': 2})", '{"a":2}')],
       args=["{'a': 1}", "{'b': 2}"], bad=["MERGE({'a': 1}, 1)", "MERGE([1], {'a': 1})"]),
    Fn("ERASE", [("ERASE({'a': 1, 'b': 2}, 'a')", '{"b":2}'), ("ERASE({'a': 1, 'b': 2, 'c': 3}, ['a', 'c'])", '{"b":2}'),
                 ("ERASE({'a': 1}, 'z')", '{"a":1}')],
       args=["{'a': 1}", "'a'"], bad=["ERASE(1, 'a')", "ERASE({'a': 1}, 1)"]),
    Fn("OBJECT_INSERT", [("OBJECT_INSERT({'a': 1}, 'b', 2)", '{"a":1,"b":2}'), ("OBJECT_INSERT({'a': 1}, 'a', 5)", '{"a":5}')],
       nulls=[("OBJECT_INSERT({'a': 1}, 'b', NULL)", '{"a":1,"b":null}'), ("OBJECT_INSERT(NULL, 'b', 1)", "NULL"),
              ("OBJECT_INSERT({'a': 1}, NULL, 1)", "NULL"), ("OBJECT_INSERT(t.n, 'b', 1) FROM t", "NULL")],
       undefs=[("OBJECT_INSERT(UNDEFINED, 'b', 1)", "NULL"), ("OBJECT_INSERT({'a': 1}, 'b', t.missing) FROM t", '{"a":1}')],
       bad=["OBJECT_INSERT(1, 'a', 1)", "OBJECT_INSERT({'a': 1}, 1, 1)"]),
]

FILES[("json", "json")] = [
    Fn("JSON_PARSE", [("JSON_PARSE('{\"a\": [1, 2.5]}')", '{"a":[1,2.5]}'), ("JSON_PARSE('12')", "12"),
                      ("TYPEOF(JSON_PARSE('1e2'))", "float"), ("JSON_PARSE('null')", "NULL"),
                      ("JSON_PARSE('\"x\"')", "x")],
       args=["'1'"], bad=["JSON_PARSE(1)", "JSON_PARSE('{')"]),
    Fn("JSON_FORMAT", [("JSON_FORMAT({'a': [1, true]})", '{"a":[1,true]}'), ("JSON_FORMAT('x')", '"x"'),
                       ("JSON_FORMAT(2.5)", "2.5")],
       nulls=[("JSON_FORMAT(NULL)", "null"), ("JSON_FORMAT(t.n) FROM t", "null"), ("JSON_FORMAT([NULL])", "[null]")],
       undefs=[("JSON_FORMAT(UNDEFINED)", "NULL"), ("JSON_FORMAT(t.missing) FROM t", "NULL")],
       bad=["JSON_FORMAT()", "JSON_FORMAT(1, 2)"],
       note="JSON_FORMAT takes any type: the error cases are wrong argument counts"),
]

FILES[("datetime", "current")] = [
    Fn("CURRENT_TIMESTAMP", [("TYPEOF(CURRENT_TIMESTAMP())", "timestamp"),
                             ("CURRENT_TIMESTAMP() = CURRENT_TIMESTAMP()", "true"),
                             ("CURRENT_TIMESTAMP > TIMESTAMP '2024-01-01T00:00:00Z'", "true")],
       bad=["CURRENT_TIMESTAMP('UTC')"],
       note="CURRENT_TIMESTAMP takes no arguments: there is no null or undefined case"),
    Fn("NOW", [("NOW() = CURRENT_TIMESTAMP()", "true")], bad=["NOW(1)"],
       note="NOW takes no arguments: there is no null or undefined case"),
    Fn("CURRENT_DATE", [("TYPEOF(CURRENT_DATE())", "date"), ("TYPEOF(CURRENT_DATE('America/Los_Angeles'))", "date"),
                        ("CURRENT_DATE = DATE(CURRENT_TIMESTAMP())", "true")],
       args=["'UTC'"],
       # Found by function_fuzz: an interval offset of 2^63 microseconds overflowed.
       bad=["CURRENT_DATE(1)", "CURRENT_DATE('Not/AZone')", "CURRENT_DATE(HOURS(25))"]),
    Fn("CURRENT_TIME", [("TYPEOF(CURRENT_TIME())", "time"), ("CURRENT_TIME('UTC') = TIME(CURRENT_TIMESTAMP())", "true")],
       args=["'UTC'"], bad=["CURRENT_TIME(1)", "CURRENT_TIME(DAYS(-100000))"]),
    Fn("CURRENT_DATETIME", [("DATE(CURRENT_DATETIME()) = CURRENT_DATE()", "true"),
                            ("TYPEOF(CURRENT_DATETIME('Asia/Tokyo'))", "datetime")],
       args=["'UTC'"], bad=["CURRENT_DATETIME(true)"]),
    Fn("LOCALTIME", [("LOCALTIME() = CURRENT_TIME()", "true")], args=["'UTC'"], bad=["LOCALTIME(1)"]),
    Fn("LOCALTIMESTAMP", [("LOCALTIMESTAMP() = CURRENT_DATETIME()", "true")], args=["'UTC'"],
       bad=["LOCALTIMESTAMP(1)"]),
]

FILES[("datetime", "constructors")] = [
    Fn("DATE", [("DATE(2018, 5, 26)", "2018-05-26"), (f"DATE({DT})", "2018-05-26"),
                ("DATE(TIMESTAMP_SECONDS(0), 'America/Los_Angeles')", "1969-12-31"), (f"DATE({TS0})", "1970-01-01")],
       args=["2018", "5", "26"], bad=["DATE(true)", "DATE(2018, 2, 30)", "DATE('2018', 5, 26)"]),
    Fn("TIME", [("TIME(10, 30, 20)", "10:30:20"), (f"TIME({DT})", "10:30:20"),
                ("TIME(TIMESTAMP_SECONDS(0), 'Asia/Tokyo')", "09:00:00"), ("TIME(10, 30, 20, 500000)", "10:30:20.5")],
       args=["10", "30", "20"], bad=["TIME(true)", "TIME(25, 0, 0)", "TIME('10', 30, 20)"]),
    Fn("DATETIME", [("DATETIME(2018, 5, 26, 10, 30, 20)", "2018-05-26T10:30:20"),
                    (f"DATETIME({D}, {TM})", "2018-05-26T10:30:20"),
                    ("DATETIME(TIMESTAMP_SECONDS(0), 'Asia/Tokyo')", "1970-01-01T09:00:00"),
                    (f"DATETIME({D})", "2018-05-26T00:00:00")],
       args=[D, TM], bad=["DATETIME(true)", "DATETIME(2018, 13, 1, 0, 0, 0)"]),
    Fn("TIMESTAMP_SECONDS", [("TIMESTAMP_SECONDS(0)", "1970-01-01T00:00:00.000000Z"),
                             ("TIMESTAMP_SECONDS(1527330620)", "2018-05-26T10:30:20.000000Z")],
       args=["0"], bad=["TIMESTAMP_SECONDS('x')"]),
    Fn("TIMESTAMP_MILLIS", [("TIMESTAMP_MILLIS(1500)", "1970-01-01T00:00:01.500000Z"),
                            ("TIMESTAMP_MILLIS(-1)", "1969-12-31T23:59:59.999000Z")],
       args=["0"], bad=["TIMESTAMP_MILLIS('x')"]),
    Fn("TIMESTAMP_MICROS", [("TIMESTAMP_MICROS(7)", "1970-01-01T00:00:00.000007Z")], args=["0"],
       bad=["TIMESTAMP_MICROS(true)"]),
    Fn("UNIX_SECONDS", [("UNIX_SECONDS(TIMESTAMP_MILLIS(-1))", "-1"), ("UNIX_SECONDS(TIMESTAMP_MILLIS(1999))", "1")],
       args=[TS0], bad=["UNIX_SECONDS(1)", f"UNIX_SECONDS({D})"]),
    Fn("UNIX_MILLIS", [("UNIX_MILLIS(TIMESTAMP_SECONDS(1))", "1000"), ("UNIX_MILLIS(TIMESTAMP_MICROS(-1))", "-1")],
       args=[TS0], bad=["UNIX_MILLIS(1)"]),
    Fn("UNIX_MICROS", [("UNIX_MICROS(TIMESTAMP_SECONDS(1))", "1000000")], args=[TS0], bad=["UNIX_MICROS('x')"]),
    Fn("UNIX_DATE", [("UNIX_DATE(DATE '1970-01-11')", "10"), ("UNIX_DATE(DATE '1969-12-31')", "-1")],
       args=[D], bad=["UNIX_DATE(1)", f"UNIX_DATE({TS0})"]),
    Fn("DATE_FROM_UNIX_DATE", [("DATE_FROM_UNIX_DATE(10)", "1970-01-11"), ("DATE_FROM_UNIX_DATE(-1)", "1969-12-31")],
       args=["10"], bad=["DATE_FROM_UNIX_DATE('x')"]),
]

FILES[("datetime", "format_parse")] = [
    Fn("FORMAT_ISO8601", [("FORMAT_ISO8601(TIMESTAMP_SECONDS(0))", "1970-01-01T00:00:00Z"),
                          ("FORMAT_ISO8601(TIMESTAMP_SECONDS(0), 'Asia/Tokyo')", "1970-01-01T09:00:00+09:00"),
                          (f"FORMAT_ISO8601({D})", "2018-05-26"), (f"FORMAT_ISO8601({DT})", "2018-05-26T10:30:20")],
       args=[TS0, "'UTC'"], bad=["FORMAT_ISO8601(1)", "FORMAT_ISO8601('2018-05-26')",
            "FORMAT_ISO8601(TIMESTAMP_MICROS(-9223372036854775807), 'America/Los_Angeles')"]),
    Fn("FORMAT_TIMESTAMP", [("FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP_SECONDS(0))", "1970-01-01 00:00:00"),
                            ("FORMAT_TIMESTAMP('%H:%M', TIMESTAMP_SECONDS(0), 'Asia/Tokyo')", "09:00"),
                            ("FORMAT_TIMESTAMP('%z %Z', TIMESTAMP_SECONDS(0))", "+0000 UTC"),
                            ("FORMAT_TIMESTAMP('%Z', TIMESTAMP_SECONDS(0), 'UTC')", "UTC"),
                            ("FORMAT_TIMESTAMP('%r|%P|%p', TIMESTAMP_SECONDS(54245))", "03:04:05 PM|pm|PM")],
       args=["'%Y'", TS0], bad=["FORMAT_TIMESTAMP(1, TIMESTAMP_SECONDS(0))", f"FORMAT_TIMESTAMP('%Y', {D})"]),
    Fn("FORMAT_DATETIME", [(f"FORMAT_DATETIME('%Y-%m-%d %H:%M', {DT})", "2018-05-26 10:30")],
       args=["'%Y'", DT], bad=["FORMAT_DATETIME('%Y', 1)", f"FORMAT_DATETIME(1, {DT})"]),
    Fn("FORMAT_DATE", [(f"FORMAT_DATE('%Y/%m/%d', {D})", "2018/05/26"), (f"FORMAT_DATE('%j', {D})", "146")],
       args=["'%Y'", D], bad=["FORMAT_DATE('%Y', 1)", f"FORMAT_DATE(1, {D})"]),
    Fn("FORMAT_TIME", [("FORMAT_TIME('%I:%M %p', TIME '15:30:00')", "03:30 PM"), (f"FORMAT_TIME('%H%M%S', {TM})", "103020")],
       args=["'%H'", TM], bad=["FORMAT_TIME('%H', 1)"]),
    Fn("PARSE_TIMESTAMP_ISO8601", [("PARSE_TIMESTAMP_ISO8601('1970-01-01T01:00:00+01:00')", "1970-01-01T00:00:00.000000Z"),
                                   ("PARSE_TIMESTAMP_ISO8601('2018-05-26T10:30:20.345Z')", "2018-05-26T10:30:20.345000Z")],
       args=["'1970-01-01T00:00:00Z'"],
       bad=["PARSE_TIMESTAMP_ISO8601(1)", "PARSE_TIMESTAMP_ISO8601('2018-05-26T10:30:20')"]),
    Fn("PARSE_DATETIME_ISO8601", [("PARSE_DATETIME_ISO8601('2018-05-26T10:30:20')", "2018-05-26T10:30:20")],
       args=["'2018-05-26T10:30:20'"],
       # Found by function_fuzz: years past ±292,277 overflowed the microsecond count.
       bad=["PARSE_DATETIME_ISO8601(1)", "PARSE_DATETIME_ISO8601('nope')",
            "PARSE_DATETIME_ISO8601('-292277-01-01T00:00:00')"]),
    Fn("PARSE_DATE_ISO8601", [("PARSE_DATE_ISO8601('2018-05-26')", "2018-05-26")], args=["'2018-05-26'"],
       bad=["PARSE_DATE_ISO8601(1)", "PARSE_DATE_ISO8601('2018-02-30')"]),
    Fn("PARSE_TIME_ISO8601", [("PARSE_TIME_ISO8601('10:30:20')", "10:30:20")], args=["'10:30:20'"],
       bad=["PARSE_TIME_ISO8601(1)", "PARSE_TIME_ISO8601('25:00:00')"]),
    Fn("PARSE_TIMESTAMP", [("PARSE_TIMESTAMP('%Y-%m-%d %H:%M:%S', '1970-01-01 00:01:40')", "1970-01-01T00:01:40.000000Z"),
                           ("PARSE_TIMESTAMP('%Y-%m-%d %H:%M', '1970-01-01 09:00', 'Asia/Tokyo')",
                            "1970-01-01T00:00:00.000000Z")],
       args=["'%Y'", "'2018'"], bad=["PARSE_TIMESTAMP(1, '2018')", "PARSE_TIMESTAMP('%Y-%m-%d', 'nope')"]),
    Fn("PARSE_DATETIME", [("PARSE_DATETIME('%d/%m/%Y %H:%M', '26/05/2018 10:30')", "2018-05-26T10:30:00")],
       args=["'%Y'", "'2018'"], bad=["PARSE_DATETIME('%Y', 2018)"]),
    Fn("PARSE_DATE", [("PARSE_DATE('%Y/%m/%d', '2018/05/26')", "2018-05-26")], args=["'%Y'", "'2018'"],
       bad=["PARSE_DATE('%Y', 2018)", "PARSE_DATE('%Y/%m/%d', '2018-05-26')"]),
    Fn("PARSE_TIME", [("PARSE_TIME('%H.%M', '10.30')", "10:30:00"),
                      ("PARSE_TIME('%r', '03:04:05 PM')", "15:04:05"),
                      ("PARSE_TIME('%I:%M %P', '12:30 am')", "00:30:00")], args=["'%H'", "'10'"],
       bad=["PARSE_TIME(1, '10')"]),
]

FILES[("datetime", "intervals")] = [
    Fn("MICROSECONDS", [("MICROSECONDS(10)", usec(10))], args=["10"], bad=["MICROSECONDS('x')"]),
    Fn("MILLISECONDS", [("MILLISECONDS(1)", usec(1000))], args=["1"], bad=["MILLISECONDS('x')"]),
    Fn("SECONDS", [("SECONDS(1)", usec(1000000)), ("SECONDS(1.5)", usec(1500000))], args=["1"],
       bad=["SECONDS('x')"]),
    Fn("MINUTES", [("MINUTES(2)", usec(120000000))], args=["1"], bad=["MINUTES('x')"]),
    Fn("HOURS", [("HOURS(1)", usec(3600000000)), ("HOURS(-1)", usec(-3600000000))], args=["1"],
       bad=["HOURS('x')"]),
    Fn("DAYS", [("DAYS(1)", usec(86400000000))], args=["1"], bad=["DAYS('x')"]),
    Fn("WEEKS", [("WEEKS(1)", usec(604800000000)), ("WEEKS(1) = DAYS(7)", "true")], args=["1"],
       bad=["WEEKS('x')"]),
    Fn("MONTHS", [("MONTHS(10)", months(10))], args=["1"], bad=["MONTHS('x')"]),
    Fn("YEARS", [("YEARS(2)", months(24))], args=["1"], bad=["YEARS('x')"]),
    Fn("DURATION_MICROS", [("DURATION_MICROS(SECONDS(1))", "1000000")], args=["HOURS(1)"],
       bad=["DURATION_MICROS(5)", "DURATION_MICROS(MONTHS(1))"]),
    Fn("DURATION_MILLIS", [("DURATION_MILLIS(SECONDS(3))", "3000"), ("DURATION_MILLIS(MICROSECONDS(-1))", "-1")],
       args=["HOURS(1)"], bad=["DURATION_MILLIS(5)"]),
    Fn("DURATION_SECONDS", [("DURATION_SECONDS(HOURS(1))", "3600"), ("DURATION_SECONDS(MILLISECONDS(1500))", "1")],
       args=["HOURS(1)"], bad=["DURATION_SECONDS(5)", "DURATION_SECONDS(MONTHS(1))"]),
    Fn("DURATION_MONTHS", [("DURATION_MONTHS(YEARS(1))", "12")], args=["MONTHS(1)"],
       bad=["DURATION_MONTHS(DAYS(1))", "DURATION_MONTHS(5)"]),
    Fn("PARSE_DURATION_SECONDS", [("PARSE_DURATION_SECONDS('1:30:00')", usec(5400000000)),
                                  ("PARSE_DURATION_SECONDS('PT1.5S') = MILLISECONDS(1500)", "true")],
       args=["'1:00:00'"], bad=["PARSE_DURATION_SECONDS(1)", "PARSE_DURATION_SECONDS('abc')"]),
    Fn("PARSE_DURATION_MONTHS", [("PARSE_DURATION_MONTHS('1-6')", months(18)),
                                 ("PARSE_DURATION_MONTHS('P2Y') = YEARS(2)", "true")],
       args=["'1-6'"], bad=["PARSE_DURATION_MONTHS(1)", "PARSE_DURATION_MONTHS('abc')"]),
]

FILES[("datetime", "truncation")] = [
    Fn("DATE_TRUNC", [(f"DATE_TRUNC('MONTH', {DT})", "2018-05-01T00:00:00"),
                      (f"DATE_TRUNC('week', {D})", "2018-05-21"),
                      ("DATE_TRUNC('day', TIMESTAMP_SECONDS(100000), 'Asia/Tokyo')", "1970-01-01T15:00:00.000000Z"),
                      ("DATE_TRUNC('hour', TIMESTAMP_SECONDS(5000))", "1970-01-01T01:00:00.000000Z"),
                      # Found by function_fuzz: the floor of the earliest instant is not
                      # representable; the next second is the answer.
                      ("UNIX_MICROS(DATE_TRUNC('second', TIMESTAMP_MICROS(-9223372036854775807 - 1)))",
                       "-9223372036854000000")],
       args=["'day'", D], bad=[f"DATE_TRUNC(1, {D})", f"DATE_TRUNC('fortnight', {D})", "DATE_TRUNC('day', 1)"]),
    Fn("DATE_DIFF", [("DATE_DIFF('day', DATE '2018-05-01', DATE '2018-05-26')", "25"),
                     ("DATE_DIFF('month', DATE '2018-01-31', DATE '2018-02-01')", "1"),
                     ("DATE_DIFF('day', DATE '2018-05-26', DATE '2018-05-01')", "-25"),
                     ("DATE_DIFF('hour', TIMESTAMP_SECONDS(0), TIMESTAMP_SECONDS(7200))", "2")],
       args=["'day'", D, D], bad=["DATE_DIFF('day', 1, 2)", f"DATE_DIFF(1, {D}, {D})"]),
    Fn("DATE_ADD", [("DATE_ADD('month', 1, DATE '2018-01-31')", "2018-02-28"),
                    ("DATE_ADD('hour', 2, TIMESTAMP_SECONDS(0))", "1970-01-01T02:00:00.000000Z"),
                    (f"DATE_ADD('day', -1, {DT})", "2018-05-25T10:30:20")],
       args=["'day'", "1", D], bad=[f"DATE_ADD('day', 'x', {D})", "DATE_ADD('day', 1, 'x')"]),
    Fn("DATE_SUB", [("DATE_SUB('day', 1, DATE '2018-03-01')", "2018-02-28"),
                    ("DATE_SUB('year', 1, DATE '2020-02-29')", "2019-02-28")],
       args=["'day'", "1", D], bad=[f"DATE_SUB(1, 1, {D})"]),
    Fn("TIME_BUCKET", [("TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(5000))", "1970-01-01T01:00:00.000000Z"),
                       (f"TIME_BUCKET(MONTHS(3), {D})", "2018-04-01"),
                       ("TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(5000), TIMESTAMP_SECONDS(1800))",
                        "1970-01-01T00:30:00.000000Z")],
       args=["HOURS(1)", TS0],
       # Found by function_fuzz: a bucket 46 million years away overflowed.
       bad=["TIME_BUCKET(1, TIMESTAMP_SECONDS(0))", "TIME_BUCKET(HOURS(1), 'x')",
            "TIME_BUCKET(MONTHS(551870257), DATETIME '1970-01-01 00:00:00', DATETIME '2018-01-01 00:00:00')"]),
]

FILES[("hash", "hash")] = [
    Fn("MD5", [("TO_HEX(MD5(TO_UTF8('abc')))", "900150983cd24fb0d6963f7d28e17f72"),
               ("TO_HEX(MD5('abc'))", "900150983cd24fb0d6963f7d28e17f72")],
       args=["TO_UTF8('abc')"], bad=["MD5(1)"]),
    Fn("SHA1", [("TO_HEX(SHA1(TO_UTF8('abc')))", "a9993e364706816aba3e25717850c26c9cd0d89d")],
       args=["TO_UTF8('abc')"], bad=["SHA1(1)"]),
    Fn("SHA256", [("TO_HEX(SHA256(TO_UTF8('abc')))", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")],
       args=["TO_UTF8('abc')"], bad=["SHA256(1)"]),
    Fn("SHA512", [("TO_HEX(SHA512(TO_UTF8('abc')))",
                   "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                   "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")],
       args=["TO_UTF8('abc')"], bad=["SHA512(1)"]),
    Fn("HASH", [("TO_HEX(HASH(TO_UTF8('abc'), 'sha256'))", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                ("TO_HEX(HASH(TO_UTF8('abc'), 'md5'))", "900150983cd24fb0d6963f7d28e17f72")],
       args=["TO_UTF8('abc')", "'sha256'"], bad=["HASH(1, 'md5')", "HASH(TO_UTF8('a'), 'no_such_digest')"]),
    Fn("HMAC_MD5", [(f"TO_HEX(HMAC_MD5({HELLO_FOX}, TO_UTF8('key')))", "80070713463e7749b90c2dc24911e275")],
       args=["TO_UTF8('x')", "TO_UTF8('k')"], bad=["HMAC_MD5(1, TO_UTF8('k'))"]),
    Fn("HMAC_SHA1", [(f"TO_HEX(HMAC_SHA1({HELLO_FOX}, TO_UTF8('key')))", "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")],
       args=["TO_UTF8('x')", "TO_UTF8('k')"], bad=["HMAC_SHA1(TO_UTF8('x'), 1)"]),
    Fn("HMAC_SHA256", [(f"TO_HEX(HMAC_SHA256({HELLO_FOX}, TO_UTF8('key')))",
                        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")],
       args=["TO_UTF8('x')", "TO_UTF8('k')"], bad=["HMAC_SHA256(1, 2)"]),
    Fn("HMAC_SHA512", [(f"TO_HEX(HMAC_SHA512({HELLO_FOX}, TO_UTF8('key')))",
                        "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb"
                        "82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a")],
       args=["TO_UTF8('x')", "TO_UTF8('k')"], bad=["HMAC_SHA512(1, TO_UTF8('k'))"]),
    Fn("HMAC", [(f"TO_HEX(HMAC({HELLO_FOX}, TO_UTF8('key'), 'md5'))", "80070713463e7749b90c2dc24911e275")],
       args=["TO_UTF8('x')", "TO_UTF8('k')", "'sha1'"],
       bad=["HMAC(1, TO_UTF8('k'), 'sha1')", "HMAC(TO_UTF8('x'), TO_UTF8('k'), 'no_such_digest')"]),
    Fn("CRC32", [("CRC32(TO_UTF8('123456789'))", "3421780262"), ("CRC32(TO_UTF8(''))", "0")],
       args=["TO_UTF8('a')"], bad=["CRC32(1)"]),
    Fn("XXHASH64", [("TO_HEX(XXHASH64(TO_UTF8('')))", "ef46db3751d8e999"),
                    ("TO_HEX(XXHASH64(TO_UTF8('abc')))", "44bc2cf5ad770999")],
       args=["TO_UTF8('a')"], bad=["XXHASH64(1)"]),
]

FILES[("geo", "geo")] = [
    Fn("ST_GEOGPOINT", [("ST_GEOGPOINT(1, 2)", '{"__rockset_type":"GEOGRAPHY","value":{"type":"Point","coordinates":[1.0,2.0]}}'),
                        ("ST_X(ST_GEOGPOINT(190, 0))", "-170.0"), ("ST_Y(ST_GEOGPOINT(10, 100))", "80.0"),
                        ("ST_X(ST_GEOGPOINT(10, 100))", "-170.0"), ("ST_X(ST_GEOGPOINT(0, 100))", "-180.0"),
                        ("ST_X(ST_GEOGPOINT(-10, -100))", "170.0")],
       args=["1", "2"], bad=["ST_GEOGPOINT('a', 1)", "ST_GEOGPOINT(1, [2])"]),
    Fn("ST_X", [("ST_X(ST_GEOGPOINT(-122.325133, 37.566564))", "-122.325133")], args=[P55],
       bad=["ST_X(1)", "ST_X(ST_GEOGFROMTEXT('LINESTRING(0 0, 1 1)'))"]),
    Fn("ST_Y", [("ST_Y(ST_GEOGFROMTEXT('POINT(12 34)'))", "34.0")], args=[P55], bad=["ST_Y('POINT(1 2)')"]),
    Fn("ST_GEOGFROMTEXT", [("ST_ASTEXT(ST_GEOGFROMTEXT('POINT(12 34)'))", "POINT(12 34)"),
                           ("ST_X(ST_GEOGFROMTEXT('POINT(12 34)'))", "12.0")],
       args=["'POINT(1 2)'"], bad=["ST_GEOGFROMTEXT(1)", "ST_GEOGFROMTEXT('POINT(1')"]),
    Fn("ST_GEOGFROMGEOJSON", [("ST_Y(ST_GEOGFROMGEOJSON('{\"type\": \"Point\", \"coordinates\": [1, 2]}'))", "2.0")],
       args=["'{\"type\": \"Point\", \"coordinates\": [1, 2]}'"],
       bad=["ST_GEOGFROMGEOJSON(1)", "ST_GEOGFROMGEOJSON('{')"]),
    Fn("ST_ASTEXT", [("ST_ASTEXT(ST_GEOGPOINT(1.5, 2))", "POINT(1.5 2)")], args=[P55], bad=["ST_ASTEXT('x')"]),
    Fn("ST_ASGEOJSON", [("ST_ASGEOJSON(ST_GEOGPOINT(1, 2))", '{"type":"Point","coordinates":[1.0,2.0]}')],
       args=[P55], bad=["ST_ASGEOJSON(1)"]),
    Fn("ST_DISTANCE", [(f"ST_DISTANCE({P00}, {P01}) BETWEEN 111194 AND 111196", "true"), (f"ST_DISTANCE({P55}, {P55})", "0.0"),
                       (f"ROUND(ST_DISTANCE({P00}, {P01}) * 1000)", "111195101.0")],
       args=[P00, P01], bad=["ST_DISTANCE(1, 2)", f"ST_DISTANCE({P00}, 'x')"]),
    Fn("ST_DWITHIN", [(f"ST_DWITHIN({P00}, {P01}, 200000)", "true"), (f"ST_DWITHIN({P00}, {P01}, 1000)", "false")],
       args=[P00, P01, "1000"], bad=[f"ST_DWITHIN({P00}, {P01}, 'far')", "ST_DWITHIN(1, 2, 3)"]),
    Fn("ST_CONTAINS", [(f"ST_CONTAINS({SQUARE}, {P55})", "true"), (f"ST_CONTAINS({SQUARE}, ST_GEOGPOINT(20, 20))", "false")],
       args=[SQUARE, P55], bad=[f"ST_CONTAINS({SQUARE}, 1)"]),
    Fn("ST_WITHIN", [(f"ST_WITHIN({P55}, {SQUARE})", "true"), (f"ST_WITHIN(ST_GEOGPOINT(20, 20), {SQUARE})", "false")],
       args=[P55, SQUARE], bad=[f"ST_WITHIN('x', {SQUARE})"]),
    Fn("ST_INTERSECTS", [("ST_INTERSECTS(ST_GEOGFROMTEXT('LINESTRING(0 -1, 0 1)'), ST_GEOGFROMTEXT('LINESTRING(-1 0, 1 0)'))", "true"),
                         (f"ST_INTERSECTS({P00}, {P01})", "false")],
       args=[P00, P01], bad=[f"ST_INTERSECTS({P00}, 1)"]),
    Fn("ST_AREA", [("ST_AREA(ST_GEOGFROMTEXT('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))')) BETWEEN 1.23e10 AND 1.24e10", "true"),
                   (f"ST_AREA({P00})", "0.0")],
       args=[SQUARE], bad=["ST_AREA(1)"]),
    Fn("ST_LENGTH", [("ST_LENGTH(ST_GEOGFROMTEXT('LINESTRING(0 0, 0 1)')) BETWEEN 111194 AND 111196", "true"),
                     (f"ST_LENGTH({P00})", "0.0")],
       args=[P00], bad=["ST_LENGTH('x')"]),
]

FILES[("vector", "vector")] = [
    Fn("VECTOR_ENFORCE", [("VECTOR_ENFORCE([1, 2, 3], 3, 'int')", "[1,2,3]"),
                          ("VECTOR_ENFORCE([1, 2, 3], 3, 'float')", "NULL"),
                          ("VECTOR_ENFORCE([1, 2], 3, 'int')", "NULL"),
                          ("VECTOR_ENFORCE([1.5, 2.5], 2, 'float')", "[1.5,2.5]")],
       args=["[1]", "1", "'int'"], bad=["VECTOR_ENFORCE([1], 1, 1)"]),
    Fn("VECTOR_ADD", [("VECTOR_ADD([1, 2, 3, 4], 4)", "[5,6,7,8]"), ("VECTOR_ADD([1, 2], [3, 4])", "[4,6]"),
                      ("VECTOR_ADD([1, 2], [0.5, 0.5])", "[1.5,2.5]")],
       args=["[1]", "[2]"], bad=["VECTOR_ADD([1, 2], [3])", "VECTOR_ADD('a', 1)", "VECTOR_ADD([1, 'a'], 1)"]),
    Fn("VECTOR_SUBTRACT", [("VECTOR_SUBTRACT([5, 6], [1, 2])", "[4,4]"), ("VECTOR_SUBTRACT([5, 6], 1)", "[4,5]")],
       args=["[1]", "[2]"], bad=["VECTOR_SUBTRACT([1], 'a')"]),
    Fn("VECTOR_MULTIPLY", [("VECTOR_MULTIPLY([1, 2], 2.5)", "[2.5,5.0]"), ("VECTOR_MULTIPLY([1, 2], [3, 4])", "[3,8]")],
       args=["[1]", "[2]"], bad=["VECTOR_MULTIPLY([1], [1, 2])"]),
    Fn("VECTOR_DIVIDE", [("VECTOR_DIVIDE([3.0, 5.0], 2)", "[1.5,2.5]"), ("VECTOR_DIVIDE([7, 9], 2)", "[3,4]")],
       args=["[1]", "[2]"], bad=["VECTOR_DIVIDE({'a': 1}, 2)"]),
    Fn("DOT_PRODUCT", [("DOT_PRODUCT([1, 2], [3, 4])", "11.0")], args=["[1]", "[2]"],
       bad=["DOT_PRODUCT('a', [1])", "DOT_PRODUCT([1, 2], [1])"]),
    Fn("COSINE_SIMILARITY", [("COSINE_SIMILARITY([1, 0], [0, 3])", "0.0"), ("COSINE_SIMILARITY([1, 0], [2, 0])", "1.0"),
                             ("COSINE_SIMILARITY([1, 0], [0, 0])", "NULL")],
       args=["[1]", "[2]"], bad=["COSINE_SIMILARITY([1], 'a')"]),
    Fn("EUCLIDEAN_DISTANCE", [("EUCLIDEAN_DISTANCE([0, 0], [3, 4])", "5.0")], args=["[1]", "[2]"],
       bad=["EUCLIDEAN_DISTANCE([1], [1, 2])", "EUCLIDEAN_DISTANCE(1, 2)"]),
    Fn("COSINE_SIM", [("COSINE_SIM([1, 0], [0, 3])", "0.0"), ("COSINE_SIM([3, 4], [3, 4])", "1.0")],
       args=["[1]", "[2]"], bad=["COSINE_SIM('a', [1])", "COSINE_SIM([1, 2], [1])"]),
    Fn("EUCLIDEAN_DIST", [("EUCLIDEAN_DIST([0, 0], [3, 4])", "5.0")], args=["[1]", "[2]"],
       bad=["EUCLIDEAN_DIST([1], [1, 2])", "EUCLIDEAN_DIST(1, 2)"]),
    Fn("APPROX_DOT_PRODUCT", [("APPROX_DOT_PRODUCT([1, 2], [3, 4])", "11.0"),
                              ("APPROX_DOT_PRODUCT([1.5], [2])", "3.0")], args=["[1]", "[2]"],
       bad=["APPROX_DOT_PRODUCT('a', [1])", "APPROX_DOT_PRODUCT([1, 2], [1])"]),
    Fn("APPROX_EUCLIDEAN_DIST", [("APPROX_EUCLIDEAN_DIST([0, 0], [3, 4])", "5.0")],
       args=["[1]", "[2]"],
       bad=["APPROX_EUCLIDEAN_DIST([1], [1, 2])", "APPROX_EUCLIDEAN_DIST(1, 2)"]),
    Fn("L1_NORM", [("L1_NORM([3, -4])", "7.0")], args=["[1]"], bad=["L1_NORM(1)", "L1_NORM(['a'])"]),
    Fn("L2_NORM", [("L2_NORM([3, -4])", "5.0")], args=["[1]"], bad=["L2_NORM('a')"]),
]

FILES[("misc", "uuid")] = [
    Fn("UUID", [("LENGTH(UUID())", "36"), ("REGEXP_LIKE(UUID(), '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')", "true"),
                ("UUID() <> UUID()", "true")],
       bad=["UUID(1)"], note="UUID takes no arguments: there is no null or undefined case"),
    Fn("GUID", [("REGEXP_LIKE(GUID(), '^[0-9a-f]{8}-[0-9a-f]{4}-4')", "true")], bad=["GUID('x')"],
       note="GUID takes no arguments: there is no null or undefined case"),
]

# --- aggregates ------------------------------------------------------------------------------

NO_ROWS = "FROM v WHERE k = 'none'"

AGG_FILES = {}

FILES[("misc", "sleep")] = [
    Fn("SLEEP", [("SLEEP(1)", "NULL"), ("SLEEP(0.5) IS NULL", "true"), ("SLEEP(0)", "NULL")],
       args=["1"], bad=["SLEEP('a')", "SLEEP(-1)", "SLEEP(true)"],
       note="SLEEP returns null after pausing (at most 10000 ms)"),
    Fn("CURRENT_USER", [("TYPEOF(CURRENT_USER())", "string"), ("CURRENT_USER() = CURRENT_USER()", "true")],
       bad=["CURRENT_USER(1)"],
       note="CURRENT_USER takes no arguments; outside a REST request it is the empty string"),
    Fn("CURRENT_ROLE", [("TYPEOF(CURRENT_ROLE())", "string"), ("CURRENT_ROLE() = CURRENT_ROLE()", "true")],
       bad=["CURRENT_ROLE(1)"],
       note="CURRENT_ROLE takes no arguments; outside a REST request it is the empty string"),
]

FILES[("hash", "murmur3")] = [
    Fn("MURMUR3", [("MURMUR3(TO_UTF8(''))", "0"), ("MURMUR3(TO_UTF8('hello'))", "613153351"),
                   ("MURMUR3('The quick brown fox jumps over the lazy dog')", "776992547"),
                   ("MURMUR3('abc')", "3017643002"), ("TYPEOF(MURMUR3('a'))", "int")],
       args=["TO_UTF8('a')"], bad=["MURMUR3(1)", "MURMUR3([1])"],
       note="32-bit x86 MurmurHash3, seed 0, unsigned (Presto's murmur3 is the 128-bit variant)"),
]

FILES[("object", "object_pick_remove")] = [
    Fn("OBJECT_REMOVE", [("OBJECT_REMOVE({'a': 1, 'b': 2, 'c': 3}, 'a', 'c')", '{"b":2}'),
                         ("OBJECT_REMOVE({'a': 1, 'b': 2}, ['b'])", '{"a":1}'),
                         ("OBJECT_REMOVE({'a': {'b': 1}}, 'b')", '{"a":{"b":1}}'),
                         ("OBJECT_REMOVE({'a': 1}, 'z')", '{"a":1}')],
       args=["{'a': 1}", "'a'"], bad=["OBJECT_REMOVE(1, 'a')", "OBJECT_REMOVE({'a': 1}, 1)",
                                      "OBJECT_REMOVE({'a': 1}, [1])", "OBJECT_REMOVE({'a': 1})"]),
    Fn("OBJECT_PICK", [("OBJECT_PICK({'a': 1, 'b': 2, 'c': 3}, 'c', 'a')", '{"a":1,"c":3}'),
                       ("OBJECT_PICK({'a': 1, 'b': 2}, ['b', 'z'])", '{"b":2}'),
                       ("OBJECT_PICK({'a': 1}, 'z')", "{}")],
       args=["{'a': 1}", "'a'"], bad=["OBJECT_PICK([1], 'a')", "OBJECT_PICK({'a': 1}, 2)",
                                      "OBJECT_PICK({'a': 1})"]),
]

FILES[("array", "flatten")] = [
    Fn("FLATTEN", [("FLATTEN([[1, 2], [3]])", "[1,2,3]"), ("FLATTEN([[1, [2]], [], NULL, [3]])", "[1,[2],3]"),
                   ("FLATTEN([])", "[]")],
       args=["[[1]]"], bad=["FLATTEN(1)", "FLATTEN([[1], 2])"],
       note="as Presto's flatten: null elements are skipped, other non-array elements are errors"),
]

FILES[("search", "text_search")] = [
    Fn("TOKENIZE", [("TOKENIZE('Hello, World-42!')", '["hello","world","42"]'), ("TOKENIZE('')", "[]"),
                    ("TOKENIZE('  Ünïcode straße ', 'de')", '["ünïcode","straße"]'),
                    ("TOKENIZE('a_b.c', 'en')", '["a","b","c"]')],
       args=["'a b'", "'en'"], bad=["TOKENIZE(1)", "TOKENIZE('a', 1)"]),
    Fn("HAS_TERM", [("HAS_TERM('The Quick fox', 'QUICK')", "true"), ("HAS_TERM('quickly', 'quick')", "false"),
                    ("HAS_TERM(['a b', 'c d'], 'd')", "true"), ("HAS_TERM([1, 'x'], 'y')", "false"),
                    ("HAS_TERM(5, 'five')", "false")],
       args=["'a b'", "'a'"], bad=["HAS_TERM('a', 1)", "HAS_TERM('a', ['a'])"],
       note="a field that is neither a string nor an array has no tokens: false"),
    Fn("CONTAINS", [("CONTAINS('the quick brown fox', 'Fox quick')", "true"),
                    ("CONTAINS('the fox', 'fox dog')", "false"), ("CONTAINS(['red fox', 'blue'], 'fox blue')", "true"),
                    ("CONTAINS('a b', '...')", "false"), ("CONTAINS('a b', 'b', 'en')", "true")],
       args=["'a b'", "'a'"], bad=["CONTAINS('a', 1)", "CONTAINS('a', 'a', 1)"]),
    Fn("BOOST", [("BOOST(2.0, HAS_TERM('a b', 'b'))", "true"), ("BOOST(3, false)", "false")],
       args=["2.0", "true"], bad=["BOOST('a', true)", "BOOST(2, 'a')"]),
    Fn("PROXIMITY", [("PROXIMITY(HAS_TERM('a b', 'a'), HAS_TERM('a b', 'b'))", "true"),
                     ("PROXIMITY(true, false)", "false"), ("PROXIMITY(true)", "true")],
       nulls=[("PROXIMITY(true, NULL)", "NULL"), ("PROXIMITY(false, NULL)", "false"),
              ("PROXIMITY(t.n) FROM t", "NULL")],
       undefs=[("PROXIMITY(UNDEFINED, true)", "NULL"), ("PROXIMITY(t.missing, false) FROM t", "false")],
       bad=["PROXIMITY(1)", "PROXIMITY(true, 'a')", "PROXIMITY()"],
       note="simplified to the three-valued AND of its terms"),
    Fn("PROXIMITY_BOOST", [("PROXIMITY_BOOST(2.0, 5)", "true"), ("PROXIMITY_BOOST(1, 0)", "true")],
       args=["2.0", "5"], bad=["PROXIMITY_BOOST('a', 5)", "PROXIMITY_BOOST(2.0, 'a')"]),
    Fn("SEARCH", [("SEARCH(HAS_TERM('a b', 'a'), CONTAINS('a b', 'b'))", "true"),
                  ("SEARCH(HAS_TERM('a b', 'a'), HAS_TERM('a b', 'c'))", "false"),
                  ("SEARCH(BOOST(2, HAS_TERM('x', 'x')), PROXIMITY_BOOST(1, 3))", "true"),
                  ("SEARCH(HAS_TERM(s, 'x')) FROM t", "true")],
       nulls=[("SEARCH(true, NULL)", "false"), ("SEARCH(NULL)", "false"), ("SEARCH(t.n) FROM t", "false")],
       undefs=[("SEARCH(UNDEFINED)", "false"), ("SEARCH(true, t.missing) FROM t", "false")],
       bad=["SEARCH('a')", "SEARCH(true, 1)", "SEARCH()"],
       note="null and undefined terms count as false"),
    Fn("SCORE", [("SCORE() FROM t WHERE SEARCH(HAS_TERM(s, 'x'))", "1.0"),
                 ("SCORE() FROM t WHERE SEARCH(BOOST(2.5, HAS_TERM(s, 'x')))", "2.5"),
                 ("SCORE() FROM t WHERE SEARCH(CONTAINS(s, 'x x'))", "2.0")],
       nulls=[("SCORE()", "NULL"), ("SCORE() FROM t WHERE t.n IS NULL", "NULL")],
       undefs=[("SCORE() FROM t WHERE SEARCH(HAS_TERM(s, 'x'), t.missing IS UNDEFINED)", "1.0")],
       bad=["SCORE(1)", "SCORE() FROM t WHERE SEARCH(HAS_TERM(s, 1))"],
       note="relevance of the SEARCH in the same SELECT's WHERE; null without one"),
]

AGG_FILES[("aggregate", "basic")] = [
    Agg("COUNT", [("SELECT COUNT(*) " + unnest("1, NULL, 2"), "3"), ("SELECT COUNT(x) " + unnest("1, NULL, 2"), "2"),
                  ("SELECT COUNT(n) FROM v", "3"), ("SELECT COUNT(DISTINCT x) " + unnest("1, 1, 2"), "2"),
                  ("SELECT COUNT(*) " + NO_ROWS, "0")],
        nulls=[("SELECT COUNT(x) " + unnest("NULL, NULL"), "0"), ("SELECT COUNT(f) FROM v", "2")],
        undefs=[("SELECT COUNT(missing) FROM v", "0"), ("SELECT COUNT(UNDEFINED) FROM v", "0")],
        bad=["SELECT COUNT(n, f) FROM v"],
        note="COUNT takes any type: the error case is a wrong argument count"),
    Agg("SUM", [("SELECT SUM(n) FROM v", "6"), ("SELECT SUM(x) " + unnest("1, 2.5"), "3.5"),
                ("SELECT TYPEOF(SUM(n)) FROM v", "int"), ("SELECT SUM(n) " + NO_ROWS, "NULL")],
        nulls=[("SELECT SUM(x) " + unnest("NULL, NULL"), "NULL"), ("SELECT SUM(f) FROM v", "4.0")],
        undefs=[("SELECT SUM(missing) FROM v", "NULL")],
        bad=["SELECT SUM(k) FROM v", "SELECT SUM(x) " + unnest("9223372036854775807, 1")]),
    Agg("AVG", [("SELECT AVG(n) FROM v", "2.0"), ("SELECT AVG(x) " + unnest("1, 2"), "1.5")],
        nulls=[("SELECT AVG(x) " + unnest("NULL"), "NULL"), ("SELECT AVG(f) FROM v", "2.0")],
        undefs=[("SELECT AVG(missing) FROM v", "NULL")],
        bad=["SELECT AVG(k) FROM v"]),
    Agg("MIN", [("SELECT MIN(n) FROM v", "1"), ("SELECT MIN(k) FROM v", "a"),
                ("SELECT MIN(x) " + unnest("DATE '2018-05-26', DATE '2017-01-01'"), "2017-01-01")],
        nulls=[("SELECT MIN(x) " + unnest("NULL, NULL"), "NULL"), ("SELECT MIN(f) FROM v", "1.5")],
        undefs=[("SELECT MIN(missing) FROM v", "NULL")],
        bad=["SELECT MIN(n, f) FROM v"],
        note="MIN orders values of any type: the error case is a wrong argument count"),
    Agg("MAX", [("SELECT MAX(n) FROM v", "3"), ("SELECT MAX(k) FROM v", "d")],
        nulls=[("SELECT MAX(x) " + unnest("NULL"), "NULL"), ("SELECT MAX(f) FROM v", "2.5")],
        undefs=[("SELECT MAX(missing) FROM v", "NULL")],
        bad=["SELECT MAX() FROM v"],
        note="MAX orders values of any type: the error case is a wrong argument count"),
    Agg("ARRAY_AGG", [("SELECT ARRAY_AGG(x) " + unnest("1, 2, 3"), "[1,2,3]"),
                      ("SELECT ARRAY_AGG(k ORDER BY k DESC) FROM v", '["d","c","b","a"]'),
                      ("SELECT ARRAY_AGG(n) " + NO_ROWS, "NULL")],
        nulls=[("SELECT ARRAY_AGG(x) " + unnest("1, NULL, 2"), "[1,null,2]")],
        undefs=[("SELECT ARRAY_AGG(missing) FROM t", "[null]")],
        bad=["SELECT ARRAY_AGG(n, f) FROM v"],
        note="ARRAY_AGG takes any type: the error case is a wrong argument count"),
]

AGG_FILES[("aggregate", "selection")] = [
    Agg("COUNT_IF", [("SELECT COUNT_IF(n > 1) FROM v", "2"), ("SELECT COUNT_IF(x) " + unnest("true, false, true"), "2")],
        nulls=[("SELECT COUNT_IF(b) FROM v", "1"), ("SELECT COUNT_IF(x) " + unnest("NULL"), "0")],
        undefs=[("SELECT COUNT_IF(missing) FROM v", "0")],
        bad=["SELECT COUNT_IF(n) FROM v"]),
    Agg("BOOL_AND", [("SELECT BOOL_AND(x) " + unnest("true, false"), "false"), ("SELECT BOOL_AND(n > 0) FROM v", "true")],
        nulls=[("SELECT BOOL_AND(x) " + unnest("true, NULL"), "true"), ("SELECT BOOL_AND(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT BOOL_AND(missing) FROM v", "NULL")],
        bad=["SELECT BOOL_AND(n) FROM v"]),
    Agg("EVERY", [("SELECT EVERY(x) " + unnest("true, true"), "true")],
        nulls=[("SELECT EVERY(b) FROM v", "false"), ("SELECT EVERY(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT EVERY(missing) FROM v", "NULL")],
        bad=["SELECT EVERY(k) FROM v"]),
    Agg("BOOL_OR", [("SELECT BOOL_OR(x) " + unnest("false, true"), "true"), ("SELECT BOOL_OR(n > 5) FROM v", "false")],
        nulls=[("SELECT BOOL_OR(x) " + unnest("false, NULL"), "false"), ("SELECT BOOL_OR(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT BOOL_OR(missing) FROM v", "NULL")],
        bad=["SELECT BOOL_OR(n) FROM v"]),
    Agg("ARBITRARY", [("SELECT ARBITRARY(x) " + unnest("5"), "5"), ("SELECT ARBITRARY(n) IN (1, 2, 3) FROM v", "true")],
        nulls=[("SELECT ARBITRARY(x) " + unnest("NULL, 5"), "5"), ("SELECT ARBITRARY(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT ARBITRARY(missing) FROM v", "NULL")],
        bad=["SELECT ARBITRARY(n, k) FROM v"],
        note="ARBITRARY takes any type: the error case is a wrong argument count"),
    Agg("ANY_VALUE", [("SELECT ANY_VALUE(x) " + unnest("'a'"), "a")],
        nulls=[("SELECT ANY_VALUE(x) " + unnest("NULL, 'a'"), "a")],
        undefs=[("SELECT ANY_VALUE(missing) FROM v", "NULL")],
        bad=["SELECT ANY_VALUE() FROM v"],
        note="ANY_VALUE takes any type: the error case is a wrong argument count"),
    Agg("MAX_BY", [("SELECT MAX_BY(k, n) FROM v", "b"), ("SELECT MAX_BY(k, f) FROM v", "b")],
        nulls=[("SELECT MAX_BY(x, x) " + unnest("NULL"), "NULL"), ("SELECT MAX_BY(b, n) FROM v", "false")],
        undefs=[("SELECT MAX_BY(k, missing) FROM v", "NULL")],
        bad=["SELECT MAX_BY(k) FROM v"],
        note="MAX_BY orders values of any type: the error case is a wrong argument count"),
    Agg("MIN_BY", [("SELECT MIN_BY(k, n) FROM v", "a")],
        nulls=[("SELECT MIN_BY(f, n) FROM v", "1.5"), ("SELECT MIN_BY(k, x) " + unnest("NULL") + ", v", "NULL")],
        undefs=[("SELECT MIN_BY(k, missing) FROM v", "NULL")],
        bad=["SELECT MIN_BY(k, n, f) FROM v"],
        note="MIN_BY orders values of any type: the error case is a wrong argument count"),
    Agg("MAP_AGG", [("SELECT MAP_AGG(k, n) FROM v WHERE n IS NOT NULL", '{"a":1,"b":3,"c":2}')],
        nulls=[("SELECT MAP_AGG(k, f) FROM v WHERE k IN ('a', 'c')", '{"a":1.5,"c":null}'),
               ("SELECT MAP_AGG(x, 1) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT MAP_AGG(missing, n) FROM v", "NULL")],
        bad=["SELECT MAP_AGG(n, k) FROM v"]),
    Agg("OBJECT_AGG", [("SELECT OBJECT_AGG(k, n) FROM v WHERE n IS NOT NULL", '{"a":1,"b":3,"c":2}')],
        nulls=[("SELECT OBJECT_AGG(x, 1) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT OBJECT_AGG(missing, n) FROM v", "NULL")],
        bad=["SELECT OBJECT_AGG(n, k) FROM v"]),
    Agg("BITWISE_AND_AGG", [("SELECT BITWISE_AND_AGG(x) " + unnest("12, 10"), "8")],
        nulls=[("SELECT BITWISE_AND_AGG(x) " + unnest("12, NULL"), "12"), ("SELECT BITWISE_AND_AGG(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT BITWISE_AND_AGG(missing) FROM v", "NULL")],
        bad=["SELECT BITWISE_AND_AGG(f) FROM v"]),
    Agg("BITWISE_OR_AGG", [("SELECT BITWISE_OR_AGG(x) " + unnest("12, 10"), "14"), ("SELECT BITWISE_OR_AGG(n) FROM v", "3")],
        nulls=[("SELECT BITWISE_OR_AGG(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT BITWISE_OR_AGG(missing) FROM v", "NULL")],
        bad=["SELECT BITWISE_OR_AGG(k) FROM v"]),
    Agg("BITWISE_XOR_AGG", [("SELECT BITWISE_XOR_AGG(x) " + unnest("5, 3"), "6")],
        nulls=[("SELECT BITWISE_XOR_AGG(x) " + unnest("5, NULL"), "5")],
        undefs=[("SELECT BITWISE_XOR_AGG(missing) FROM v", "NULL")],
        bad=["SELECT BITWISE_XOR_AGG(x) " + unnest("1.5")]),
]

PAIRS = "FROM UNNEST([[1, 2], [2, 4], [3, 6]] AS p)"
PAIRS_NULL = "FROM UNNEST([[1, 2], [2, 4], [3, 6], [NULL, 1], [4, NULL]] AS p)"

AGG_FILES[("aggregate", "statistical")] = [
    Agg("STDDEV_SAMP", [("SELECT STDDEV_SAMP(x) " + unnest("1, 2, 3, 4"), "1.2909944487358056"),
                        ("SELECT STDDEV_SAMP(x) " + unnest("5"), "NULL")],
        nulls=[("SELECT STDDEV_SAMP(x) " + unnest("2, NULL, 4"), "1.4142135623730951")],
        undefs=[("SELECT STDDEV_SAMP(missing) FROM v", "NULL")],
        bad=["SELECT STDDEV_SAMP(k) FROM v"]),
    Agg("STDDEV", [("SELECT STDDEV(x) " + unnest("2, 4"), "1.4142135623730951")],
        nulls=[("SELECT STDDEV(x) " + unnest("NULL, NULL"), "NULL")],
        undefs=[("SELECT STDDEV(missing) FROM v", "NULL")],
        bad=["SELECT STDDEV(k) FROM v"]),
    Agg("STDDEV_POP", [("SELECT STDDEV_POP(x) " + unnest("1, 2, 3, 4"), "1.118033988749895"),
                       ("SELECT STDDEV_POP(x) " + unnest("5"), "0.0")],
        nulls=[("SELECT STDDEV_POP(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT STDDEV_POP(missing) FROM v", "NULL")],
        bad=["SELECT STDDEV_POP(k) FROM v"]),
    Agg("VAR_SAMP", [("SELECT VAR_SAMP(x) " + unnest("1, 2, 3, 4"), "1.6666666666666667")],
        nulls=[("SELECT VAR_SAMP(x) " + unnest("1, NULL, 3"), "2.0")],
        undefs=[("SELECT VAR_SAMP(missing) FROM v", "NULL")],
        bad=["SELECT VAR_SAMP(k) FROM v"]),
    Agg("VARIANCE", [("SELECT VARIANCE(x) " + unnest("1, 3"), "2.0")],
        nulls=[("SELECT VARIANCE(x) " + unnest("NULL, 1"), "NULL")],
        undefs=[("SELECT VARIANCE(missing) FROM v", "NULL")],
        bad=["SELECT VARIANCE(k) FROM v"]),
    Agg("VAR_POP", [("SELECT VAR_POP(x) " + unnest("1, 2, 3, 4"), "1.25")],
        nulls=[("SELECT VAR_POP(x) " + unnest("NULL, 1"), "0.0")],
        undefs=[("SELECT VAR_POP(missing) FROM v", "NULL")],
        bad=["SELECT VAR_POP(k) FROM v"]),
    Agg("GEOMETRIC_MEAN", [("SELECT ABS(GEOMETRIC_MEAN(x) - 4) < 1e-9 " + unnest("1, 4, 16"), "true")],
        nulls=[("SELECT ABS(GEOMETRIC_MEAN(x) - 3) < 1e-9 " + unnest("NULL, 3"), "true"),
               ("SELECT GEOMETRIC_MEAN(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT GEOMETRIC_MEAN(missing) FROM v", "NULL")],
        bad=["SELECT GEOMETRIC_MEAN(k) FROM v"]),
    Agg("CORR", [("SELECT ROUND(CORR(p[2], p[1]), 9) " + PAIRS, "1.0")],
        nulls=[("SELECT ROUND(CORR(p[2], p[1]), 9) " + PAIRS_NULL, "1.0"), ("SELECT CORR(x, x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT CORR(n, missing) FROM v", "NULL")],
        bad=["SELECT CORR(k, n) FROM v"]),
    Agg("COVAR_SAMP", [("SELECT COVAR_SAMP(p[2], p[1]) " + PAIRS, "2.0")],
        nulls=[("SELECT COVAR_SAMP(p[2], p[1]) " + PAIRS_NULL, "2.0")],
        undefs=[("SELECT COVAR_SAMP(missing, n) FROM v", "NULL")],
        bad=["SELECT COVAR_SAMP(n, k) FROM v"]),
    Agg("COVAR_POP", [("SELECT COVAR_POP(p[2], p[1]) " + PAIRS, "1.3333333333333333")],
        nulls=[("SELECT COVAR_POP(p[2], p[1]) " + PAIRS_NULL, "1.3333333333333333")],
        undefs=[("SELECT COVAR_POP(missing, n) FROM v", "NULL")],
        bad=["SELECT COVAR_POP(k, n) FROM v"]),
]

AGG_FILES[("aggregate", "approximate")] = [
    Agg("APPROX_DISTINCT", [("SELECT APPROX_DISTINCT(x) " + unnest("1, 2, 2, 3"), "3"), ("SELECT APPROX_DISTINCT(k) FROM v", "4")],
        nulls=[("SELECT APPROX_DISTINCT(x) " + unnest("NULL, 1"), "1"), ("SELECT APPROX_DISTINCT(x) " + unnest("NULL"), "0")],
        undefs=[("SELECT APPROX_DISTINCT(missing) FROM v", "0")],
        bad=["SELECT APPROX_DISTINCT(n, 'x') FROM v"]),
    Agg("APPROX_PERCENTILE", [("SELECT APPROX_PERCENTILE(x, 0.5) " + unnest("1, 2, 3, 4, 5"), "3"),
                              ("SELECT APPROX_PERCENTILE(x, 0.0) " + unnest("4, 2, 9"), "2")],
        nulls=[("SELECT APPROX_PERCENTILE(x, 0.5) " + unnest("NULL, 7"), "7"),
               ("SELECT APPROX_PERCENTILE(x, 0.5) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT APPROX_PERCENTILE(missing, 0.5) FROM v", "NULL")],
        bad=["SELECT APPROX_PERCENTILE(k, 0.5) FROM v", "SELECT APPROX_PERCENTILE(n, 'a') FROM v",
             "SELECT APPROX_PERCENTILE(n, 2) FROM v"]),
]



AGG_FILES[("aggregate", "percentile_vector_sum")] = [
    Agg("PERCENTILE", [("SELECT PERCENTILE(x, 0.5) " + unnest("5, 1, 4, 2, 3"), "3"),
                       ("SELECT PERCENTILE(x, 1) " + unnest("4, 2, 9"), "9"),
                       ("SELECT PERCENTILE(x, [0.0, 1.0]) " + unnest("4, 2.5, 9"), "[2.5,9]"),
                       ("SELECT PERCENTILE(n, 0.5) FROM v", "2")],
        nulls=[("SELECT PERCENTILE(x, 0.5) " + unnest("NULL, 7"), "7"),
               ("SELECT PERCENTILE(x, 0.5) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT PERCENTILE(missing, 0.5) FROM v", "NULL")],
        bad=["SELECT PERCENTILE(k, 0.5) FROM v", "SELECT PERCENTILE(n, 'a') FROM v",
             "SELECT PERCENTILE(n, 1.5) FROM v"]),
    Agg("VECTOR_SUM", [("SELECT VECTOR_SUM(x) " + unnest("[1, 2], [3, 4], [5, 6]"), "[9,12]"),
                       ("SELECT VECTOR_SUM(x) " + unnest("[1, 2], [0.5, 0.5]"), "[1.5,2.5]"),
                       ("SELECT VECTOR_SUM(x) " + unnest("[]"), "[]")],
        nulls=[("SELECT VECTOR_SUM(x) " + unnest("NULL, [1, 2]"), "[1,2]"),
               ("SELECT VECTOR_SUM(x) " + unnest("NULL"), "NULL")],
        undefs=[("SELECT VECTOR_SUM(missing) FROM v", "NULL")],
        bad=["SELECT VECTOR_SUM(n) FROM v", "SELECT VECTOR_SUM(x) " + unnest("[1, 2], [3]"),
             "SELECT VECTOR_SUM(x) " + unnest("[1, 'a']")]),
]


# --- writing ---------------------------------------------------------------------------------

def select(expr):
    return expr if expr.upper().startswith("SELECT ") else "SELECT " + expr


def query(out, sql, expected):
    out.append("query T")
    out.append(select(sql))
    out.append("----")
    out.append(expected)
    out.append("")


def render(family, stem, fns, aggregate):
    names = ", ".join(fn.name for fn in fns)
    out = [f"# name: test/sql/function/{family}/{stem}.test",
           f"# description: {names}: values, null, undefined and wrong argument types",
           f"# group: [function, {family}]",
           "# Generated by tools/gen_function_tests.py: edit the tables there and rerun it.",
           "",
           PRELUDE.rstrip("\n"),
           ""]
    if aggregate:
        out += [AGG_PRELUDE.rstrip("\n"), ""]
    count = 0
    for fn in fns:
        out.append(f"# --- {fn.name} " + "-" * max(3, 80 - len(fn.name)))
        if fn.note:
            out.append(f"# {fn.note}")
        out.append("")
        for kind, cases in (("value", fn.ok), ("null", fn.null_cases()), ("undefined", fn.undef_cases())):
            for sql, expected in cases:
                query(out, sql, expected)
                count += 1
        for sql in fn.bad:
            out.append(f"statement error {ERR}")
            out.append(select(sql))
            out.append("")
            count += 1
    return "\n".join(out).rstrip("\n") + "\n", count


def all_files():
    for (family, stem), fns in FILES.items():
        yield family, stem, fns, False
    for (family, stem), fns in AGG_FILES.items():
        yield family, stem, fns, True


def check(list_path):
    """Every registered function has cases of every kind, and every case names one."""
    registered = {}
    with open(list_path) as f:
        for line in f:
            kind, family, name, min_args, max_args, nulls = line.rstrip("\n").split("\t")
            registered[name] = (kind, family, int(min_args), int(max_args))
    covered = {}
    problems = []
    for family, stem, fns, aggregate in all_files():
        for fn in fns:
            covered[fn.name] = family
            if fn.name not in registered:
                problems.append(f"{fn.name}: not registered")
                continue
            kind, reg_family, min_args, _ = registered[fn.name]
            if reg_family != family:
                problems.append(f"{fn.name}: family {family} here, {reg_family} in the registry")
            if not fn.ok:
                problems.append(f"{fn.name}: no value case")
            if not fn.bad and min_args > 0 and fn.name != "ARRAY_CREATE":
                problems.append(f"{fn.name}: no error case")
            if min_args > 0 and (not fn.null_cases() or not fn.undef_cases()):
                problems.append(f"{fn.name}: no null or undefined case")
    for name in registered:
        if name not in covered:
            problems.append(f"{name}: registered but has no cases")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", metavar="LIST",
                        help="`gen_function_docs --list` output: fail when coverage is incomplete")
    args = parser.parse_args()
    total = 0
    for family, stem, fns, aggregate in all_files():
        text, count = render(family, stem, fns, aggregate)
        total += count
        path = os.path.join(ROOT, "test", "sql", "function", family, stem + ".test")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    functions = sum(len(fns) for _, _, fns, _ in all_files())
    print(f"{functions} functions, {total} cases")
    if args.check:
        problems = check(args.check)
        for problem in problems:
            print("coverage:", problem, file=sys.stderr)
        if problems:
            sys.exit(1)


if __name__ == "__main__":
    main()
