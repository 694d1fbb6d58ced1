"""Stages 3–5 inside one sentence: decide each number's role, give bare numbers their unit, name the facts,
and attach stated changes.

>>> from ingest.text.segment import segment
>>> from ingest.text.quantities import find_quantities
>>> norm = "有低保户800户、1576人,较上年减少52户、138人"
>>> seg = segment(norm)
>>> ds = analyse(seg, 0, find_quantities(norm), Topic())
>>> [(d.name, d.val, d.unit, d.change.amount) for d in ds]
[('低保户数', 800.0, '户', 52), ('低保人数', 1576.0, '人', 138)]
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right

from ingest.model import Change
from ingest.text.changes import (
    AMOUNT_VERBS,
    BENCHMARK,
    CHANGE_VERB,
    FOLLOW_UP,
    ChangePhrase,
    find_change_phrases,
)
from ingest.text.draft import Draft, same_base
from ingest.text.frame import completion, each, growth_only, shared_chain, shared_predicate
from ingest.text.lexicon import MONEY_HINTS, RATE_UNITS
from ingest.text.naming import (
    clean_left,
    clean_right,
    ends_with_verb,
    is_dependent,
    is_generic,
    is_preposition_only,
    measure_suffix,
    needs_subject,
)
from ingest.text.quantities import Quantity
from ingest.text.segment import Segmented, clause_bounds
from ingest.text.structure import distribute, from_to, split_items
from ingest.text.subjects import (
    Topic,
    continue_parts,
    opener,
    opening_words,
    previous_clause_words,
    segment_subject,
    share_owner,
    stock_or_flow,
)

__all__ = ["Topic", "analyse"]

_CONNECT = re.compile(r"^\s*(?:、|和|及|与|以及|,)?\s*$")
_LIST_JOIN = re.compile(r"\s*(?:、|和|及|与|以及)\s*")
_RATE_END = re.compile(r"(?:率|覆盖面|参保面|比例|比重|占比)$")
_PER_MILLE_END = re.compile(r"(?:出生率|死亡率|自然增长率)$")
_RATIO_END = re.compile(r"(?:之比|性别比|比值|指数)$")
_COUNT_END = re.compile(r"(人次|户次|人|户|个|家|所|名|位)数$")
_BOUNDARY = re.compile(r"[,;:。!?\n]")
_LABEL = re.compile(r"^[\u4e00-\u9fff()]{1,8}$")
_COPULA_IN = re.compile(r"占|达到|到达|相当于|为")
_AFTER_OK = re.compile(r"^(?:[、,;:。!?)\n]|$)")
_LEADING_CJK = re.compile(r"^[\u4e00-\u9fff“《]")
_ABOUT = re.compile(r"(?:大约|约)有")
_BENCH_CUE = re.compile(r"[高低超多少领比]")  # every benchmark phrase has one; most clauses have none
_LEAD_GAP = re.compile(r"\s*(?:了|达|约|为)?\s*")
_LIST_GAP = re.compile(r"[、和及与]?[\u4e00-\u9fff]{0,4}")
_DIGIT = re.compile(r"\d")
_SIBLING_GAP = re.compile(r"[、和及与,共计(]{0,3}")
# What is done for the people counted after 为/对/给/向 …: the act names the count (为…860人次发放优待金).
_GIVING = re.compile(r"(?:发放|提供|办理|购买|落实|兑现|拨付|支付|资助|补助|补贴|慰问|开展|安排|缴纳|代缴|送)")
_CHANGE_CUE = re.compile(r"^(?:较|比|同比|环比|与上|分别|左右|以上|不等)")


def analyse(seg: Segmented, si: int, tokens: list[Quantity], topic: Topic) -> list[Draft]:
    """Turn the quantities of sentence ``si`` into drafts (named, with changes attached)."""
    s = seg.sentences[si]
    norm = seg.norm
    clauses = clause_bounds(norm, s.start, s.end)
    starts = [c[0] for c in clauses]

    def clause_of(pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(starts, pos) - 1)
        return clauses[i]

    line = norm.rfind("\n", 0, s.start)
    if topic.line != line:
        topic.enter_line(norm, line)
    phrases = find_change_phrases(norm, s.start, s.end)
    amounts = _mark_change_amounts(norm, phrases, tokens)
    _mark_distributors(norm, tokens)
    _give_bare_units(norm, tokens, clause_of)
    drafts: list[Draft] = []
    prev_end = {}  # clause start -> end of the previous fact/change token in it
    for t in tokens:
        c = clause_of(t.num_start)
        if t.role == "change":
            prev_end[c[0]] = t.end
            continue
        if t.role != "fact" or t.unit is None:
            continue
        a = max(c[0], prev_end.get(c[0], c[0]))
        prev_end[c[0]] = t.end
        d = Draft(t, si, c)
        if t.approx is None and _ABOUT.search(norm, a, t.start):
            t.approx = "约"  # 约有独居老人860人
        _name(norm, d, a, tokens, s.end)
        drafts.append(d)
    if not drafts and not phrases:
        return []  # only dates, years and other non-facts: nothing below can make a fact (the topic stays)
    drafts = _expand_distributors(norm, drafts, tokens)
    from_to(norm, drafts, clause_of)
    _relative(norm, drafts, tokens)
    distribute(norm, drafts, s.start, s.end, clause_of)
    _attach_changes(norm, phrases, amounts, drafts, si, clause_of)
    _resolve_weak(norm, drafts, topic, opener(norm, s.start, s.end))
    shared_chain(norm, drafts)
    shared_predicate(norm, drafts)
    drafts = each(norm, drafts)
    _qualify_rates(drafts)
    completion(norm, drafts)
    growth_only(norm, drafts)
    for d in drafts:
        if d.name.endswith("户") and d.unit in ("人", "名", "万人") and len(d.name) >= 2:
            d.name = measure_suffix(d.name, d.unit)  # 五保户320人 counts people: 五保人数, not households
    continue_parts(norm, s.start, s.end, drafts, topic)
    return [
        d
        for d in drafts
        if d.name
        and not CHANGE_VERB.fullmatch(d.name)  # ,分别提高0.4、1.1个百分点 with nothing to attach to: not a name
        and (d.unit not in ("万", "亿") or _money_or_people(d))
    ]


def _chain_after(norm: str, start: int, tokens: list[Quantity]) -> list[Quantity]:
    """Tokens that start right at ``start`` and those joined to them by 、/和/及 (52户、138人; 147人和15人)."""
    out: list[Quantity] = []
    pos = start
    for t in tokens:
        if t.start < pos:
            continue
        gap = norm[pos : t.start]
        if (not out and _LEAD_GAP.fullmatch(gap)) or (out and _CONNECT.match(gap)):
            out.append(t)
            pos = t.end
        else:
            break
    return out


def _mark_change_amounts(norm: str, phrases: list[ChangePhrase], tokens: list[Quantity]) -> dict[int, list[Quantity]]:
    amounts: dict[int, list[Quantity]] = {}
    for i, ph in enumerate(phrases):
        chain = [t for t in _chain_after(norm, ph.end, tokens) if t.unit or t.value is not None]
        _share_list_unit(norm, chain)
        if ph.bare and not _takers_before(ph, chain, tokens):
            chain = []  # 城乡低保标准分别提高30%和20%: nothing before it to change, the amounts are the facts
        for t in chain:
            t.role = "change"
        amounts[i] = chain
        if chain and (m := FOLLOW_UP.match(norm, chain[-1].end)):
            for t in _chain_after(norm, m.end(), tokens)[:1]:
                t.role = "change"  # 较上年增加304人,增长1.2%: the same change again, as a percent
    return amounts


def _share_list_unit(norm: str, chain: list[Quantity]) -> None:
    """分别提高0.4、1.1个百分点: a bare amount of a change takes the unit of the listed amount after it."""
    for t, u in reversed(list(itertools.pairwise(chain))):
        if not t.unit and u.unit and _LIST_JOIN.fullmatch(norm[t.end : u.start]):
            t.unit = u.unit


def _takers_before(ph: ChangePhrase, chain: list[Quantity], tokens: list[Quantity]) -> bool:
    """True when facts before a bare change phrase can take its amounts (a percent fits any fact)."""
    before = [t for t in tokens if t.end <= ph.start and t.role == "fact" and t.unit]
    if not chain or any(t.role == "change" for t in chain) or len(before) < len(chain):
        return False
    return all(
        a.unit in RATE_UNITS or same_base(a.unit, f.unit) for a, f in zip(chain, before[-len(chain) :], strict=True)
    )


def _mark_distributors(norm: str, tokens: list[Quantity]) -> None:
    """四个100%: a count of list items immediately followed by the value they share."""
    for a, b in itertools.pairwise(tokens):
        if a.unit == "个" and a.role == "fact" and norm[a.end : b.start] in ("", "“", '"'):
            a.role = "distributor"


def _give_bare_units(norm: str, tokens: list[Quantity], clause_of) -> None:
    """Bare numbers take % from 率, 人 from 人数, a list's shared unit, or a whole's unit; else they are dropped."""
    for i, t in enumerate(tokens):
        if t.role != "fact" or t.unit:
            continue
        c = clause_of(t.num_start)
        left_raw = _through_paren(norm, c[0], t.start)
        name, _ = clean_left(left_raw)
        unit = None
        if _PER_MILLE_END.search(name) and "孕产妇" not in name:
            unit = "‰"  # 人口自然增长率控制在6以内: population rates are per mille when no sign is written
        elif _RATE_END.search(name):
            unit = "%"
        elif _RATIO_END.search(name):
            unit = ""  # 城乡收入之比为2.3: a ratio has no unit
        elif m := _COUNT_END.search(name):
            unit = m.group(1)
        elif t.value <= 100 and (
            (left_raw.endswith("的") and _COPULA_IN.search(left_raw)) or left_raw.endswith(("占", "约占", "占了"))
        ):
            unit = "%"  # 占总数的20.5, 约占38.6: a share whose % sign the copy lost
            if left_raw.endswith("约占") and t.approx is None:
                t.approx = "约"
        else:
            unit = _list_unit(norm, tokens, i, c)
        if unit is None:
            t.role = "nonfact"
        else:
            t.unit = unit


def _list_unit(norm: str, tokens: list[Quantity], i: int, c: tuple[int, int]) -> str | None:
    t = tokens[i]
    if not _AFTER_OK.match(norm[t.end : t.end + 1]):
        return None
    # 1.27、13.05、6.4个百分点 / 省级96、市级18、区级31万元: a later item of the list carries the unit.
    pos = t.end
    for u in tokens[i + 1 :]:
        gap = norm[pos : u.start]
        if not _LIST_GAP.fullmatch(gap):
            break
        if u.unit and u.role == "fact":
            return u.unit
        pos = u.end
    # 共补助145万元,其中:省级96、市级18: a short label after a list mark borrows the whole's unit.
    label_start = max(c[0], *(u.end for u in tokens[:i] if u.end <= t.start), 0)
    label = norm[label_start : t.start].removeprefix("其中").strip(":、 ")
    raw = norm[label_start : label_start + 1]
    before = raw if raw in ("、", ",", ":", ";") else norm[label_start - 1 : label_start] if label_start > 0 else ""
    if not label or not _LABEL.match(label) or before not in ("、", ",", ":", "(", ";"):
        return None
    for u in reversed(tokens[:i]):
        if u.role == "fact" and u.unit and u.unit not in RATE_UNITS:
            return u.unit
    return None


def _name(norm: str, d: Draft, a: int, tokens: list[Quantity], sent_end: int) -> None:
    """First pass: a name from the number's own words, or a note (``d.weak``) of what it must borrow."""
    t = d.q
    left, how = clean_left(_through_paren(norm, a, t.start))
    if not left and norm[t.start - 1 : t.start] == "(" and t.start == a:
        lo = _before_paren(norm, t.start - 1)  # 烈属定补(35人): the label before the bracket names the count
        left, how = clean_left(norm[lo : t.start - 1])
        d.clause = (lo, d.clause[1])
    if len(left) > 2 and left.endswith("占") and t.unit == "%":
        left = left.removesuffix("约占").removesuffix("占") + "占比"  # 其余三个乡约占38.6: their share
    right = _right_context(norm, t, tokens, sent_end)
    d.name, d.strong, d.weak = left, False, ""
    if how == "de":
        d.weak = "nearest"  # 健身场馆12个,目前备案的有7家: the nominalised 的 counts part of the last thing named
    elif (
        how == "copula" and left.startswith("为") and norm[max(0, a - 2) : a + 3].find("分别为") >= 0 and len(left) > 1
    ):
        d.name, d.strong = left[1:], True  # 分别为肢体残疾2156人: the first item of a list, named by itself
    elif how == "copula" and left[0] in "为对给向" and right and _GIVING.match(right):
        d.name, d.strong = left[1:].removesuffix("等") + right, True  # 为优抚对象等860人次发放优待金
    elif how == "copula":
        d.weak = "share" if left.startswith(("占", "约占")) else "topic"
    elif not left or is_preposition_only(left):
        if right:
            d.name, d.strong = right, True
        else:
            d.name, d.weak = "", "sibling"
    elif right and (ends_with_verb(left) or how == "attr"):
        d.name, d.strong = left + right, True
    elif is_generic(left):
        if right and _adjacent(norm, t):
            d.name, d.strong = left + right, True
        else:
            d.weak = "topic"
    elif is_dependent(left):
        d.weak = "topic"
    elif needs_subject(left) and not CHANGE_VERB.fullmatch(left) and not (right and _adjacent(norm, t)):
        d.weak = "segment"  # …床位610张,保障230人: the subject of an earlier clause
    else:
        d.name, d.strong = (left + right if right and _adjacent(norm, t) else left), True


_ONLY_COPULA = re.compile(r"\s*(?:为|是|达|达到)?\s*")


def _through_paren(norm: str, a: int, start: int) -> str:
    """性别比(以女性为100)为103.8: after a bracketed remark, the words before the bracket say what the number is."""
    if norm[a - 1 : a] != ")" or not _ONLY_COPULA.fullmatch(norm, a, start):
        return norm[a:start]
    op = norm.rfind("(", max(0, a - 40), a - 1)
    if op < 0:
        return norm[a:start]
    return norm[_before_paren(norm, op) : op] + norm[a:start]


def _adjacent(norm: str, t: Quantity) -> bool:
    """True when words follow the number directly (4个社区 → 社区), not a change cue (较上年…)."""
    return bool(_LEADING_CJK.match(norm[t.end : t.end + 1])) and not _CHANGE_CUE.match(norm[t.end : t.end + 3])


def _before_paren(norm: str, paren: int) -> int:
    """Where the words right before an opening bracket start (the previous separator, at most 20 characters back)."""
    lo = max(0, paren - 20)
    cut = max(norm.rfind(x, lo, paren) for x in "、,;:。()\n")
    return max(lo, cut + 1)


def _right_context(norm: str, t: Quantity, tokens: list[Quantity], sent_end: int) -> str:
    r0 = t.end
    if norm[r0 : r0 + 1] == "(":
        close = norm.find(")", r0, sent_end)
        if close != -1 and _DIGIT.search(norm, r0, close):
            r0 = close + 1
    r1 = sent_end
    m = _BOUNDARY.search(norm, r0, sent_end)
    if m:
        r1 = m.start()
    for u in tokens:
        if u.num_start >= r0 and u.role in ("fact", "change"):
            r1 = min(r1, u.start)
            break
    return clean_right(norm[r0:r1])


def _resolve_weak(norm: str, drafts: list[Draft], topic: Topic, opener: str = "") -> None:
    """Second pass: weak names borrow the sentence topic (its first strong name) or a list sibling's subject."""
    first = next((d.name for d in drafts if d.strong and d.name), "") or opener
    carried = opener or topic.heading or topic.name
    for i, d in enumerate(drafts):
        if not d.weak:
            continue
        if d.weak == "segment":
            subject, own = stock_or_flow(norm, d, segment_subject(norm, drafts, i))
            d.name = subject if own and d.name in subject else subject + d.name
            continue
        if d.weak == "share" and (owner := share_owner(drafts, i)):
            d.name = owner + (d.name if len(d.name) > 1 else "占比")  # 肢体残疾2156人,占总数的58: its share
            continue
        pool = reversed(drafts[:i]) if d.weak == "nearest" else iter(drafts[:i])
        before = next((x.name for x in pool if x.strong and x.name), "")
        if not before and d.weak in ("topic", "sibling") and norm[d.clause[0] - 1 : d.clause[0]] == ",":
            # 全民健身参与率稳步提高,2023年达到41.5%: the opening clause of its own sentence names it, not the last one
            before = opening_words(norm, d)
        subject = before or carried
        if d.weak == "sibling":
            sib = _sibling(norm, drafts, i)
            if sib:
                d.name = sib
                continue
        if subject:
            subject, own = stock_or_flow(norm, d, subject)
            if own and d.name in subject:
                d.name = subject  # 累计发放 after 新增发放残疾人证: 累计发放残疾人证
            else:
                d.name = d.name if d.name.startswith(subject) else subject + d.name
        else:
            d.name = previous_clause_words(norm, d) + d.name
    topic.name = first or carried


def _qualify_rates(drafts: list[Draft]) -> None:
    """重点大学上线人数143人,上线率21.37%: a bare rate takes the qualifier its count carries (重点大学上线率)."""
    for p, d in itertools.pairwise(drafts):
        if not (d.unit in ("%", "‰", "/10万") and d.name.endswith("率") and 2 <= len(d.name) <= 4 and p.name):
            continue
        stem = d.name[:-1]
        k = p.name.find(stem)
        if p.unit in ("%", "‰", "/10万") or k < 0:
            continue
        if k > 0:
            d.name = p.name[:k] + d.name  # 重点大学上线人数…,上线率 → 重点大学上线率
        elif len(p.name) > len(stem) + 1 and p.name == stem + p.name[len(stem) :]:
            d.name = p.name[len(stem) :] + d.name  # 安置退役士兵5名,安置率 → 退役士兵安置率


def _sibling(norm: str, drafts: list[Draft], i: int) -> str:
    """有低保户800户、1576人: the second number shares the first one's subject."""
    if i == 0:
        return ""
    d, p = drafts[i], drafts[i - 1]
    gap = norm[p.q.end : d.q.start]
    if not _SIBLING_GAP.fullmatch(gap) or not p.name:
        return ""
    if p.unit == d.unit:
        return p.name
    base = p.name
    if p.strong and not p.name.endswith(("数", "金额", "资金", "金", "款", "费")):
        p.name = measure_suffix(base, p.unit)
    return measure_suffix(base, d.unit)


def _money_or_people(d: Draft) -> bool:
    """总投资1000万 → 万元; 人口20万 → 万人; anything else with a bare 万 is not kept."""
    mag = d.unit
    if any(h in d.name for h in MONEY_HINTS):
        d.q.unit = mag + "元"
        return True
    if "人口" in d.name or d.name.endswith(("人数", "人员")):
        d.q.unit = mag + "人"
        return True
    return False


def _expand_distributors(norm: str, drafts: list[Draft], tokens: list[Quantity]) -> list[Draft]:
    """入学率、巩固率、毕业率、升学率“四个100%” → one fact per listed rate."""
    if not any(t.role == "distributor" for t in tokens):
        return drafts
    out: list[Draft] = []
    for d in drafts:
        dist = next((t for t in tokens if t.role == "distributor" and 0 <= d.q.start - t.end <= 1), None)
        if dist is None:
            out.append(d)
            continue
        left, _ = clean_left(norm[d.clause[0] : dist.start])
        items = split_items(left)
        if len(items) != int(dist.value):
            out.append(d)
            continue
        for item in items:
            out.append(Draft(d.q, d.sent, d.clause, name=item, strong=True))
    return out


def _relative(norm: str, drafts: list[Draft], tokens: list[Quantity]) -> None:
    """高出市均值2.41个百分点, 超省核定数目2856人: a difference to a benchmark, not to last year."""
    if not drafts or not _BENCH_CUE.search(norm, min(d.clause[0] for d in drafts), max(d.q.start for d in drafts)):
        return  # no draft's words can name a benchmark, and only a benchmark starts a run of relatives
    relative_until = -1
    for d in drafts:
        left = norm[d.clause[0] : d.q.start].replace("分别", "")
        if (_BENCH_CUE.search(left) and BENCHMARK.search(left)) or (
            relative_until >= 0 and _CONNECT.match(norm[relative_until : d.q.start])
        ):
            d.kind = "relative"
            relative_until = d.q.end
        else:
            relative_until = -1


def _compatible(fact: Draft, amount: Quantity) -> bool:
    if amount.unit in RATE_UNITS:
        return True
    if fact.q.unit == "" and not amount.unit:
        return True  # a ratio changes by a bare number
    return same_base(fact.unit, amount.unit) or fact.unit == amount.unit


def _attach_changes(
    norm: str,
    phrases: list[ChangePhrase],
    amounts: dict[int, list[Quantity]],
    drafts: list[Draft],
    si: int,
    clause_of,
) -> None:
    for i, ph in enumerate(phrases):
        amts = amounts.get(i, [])
        prior = [d for d in drafts if d.q.end <= ph.start and not d.old and d.change is None]
        if prior and amts and _own_subject(norm, ph, drafts, clause_of):
            prior = []  # 参保率97.5%,城镇化率比上年提高2个百分点: the change has a subject of its own
        end = max([ph.end, *(a.end for a in amts)])
        if not amts:
            if ph.direction != "=":
                continue
            after = [d for d in drafts if d.q.start >= ph.end and clause_of(d.q.start) == clause_of(ph.end)]
            target = after[0] if after else (prior[-1] if prior else None)
            if target is not None:
                target.change = Change(ph.base, "=", None, target.unit)
                target.span_end = max(end, target.q.end)
            continue
        if not prior:
            if not ph.bare and ph.verb in AMOUNT_VERBS:
                _changes_as_facts(norm, ph, amts, drafts, si, clause_of)
            continue  # 学校数较上年减少3所: a change of a level the text does not state is not a fact
        chosen: list[Draft | None]
        k = len(amts)
        if k > 1 and len(prior) >= k and all(_compatible(f, a) for f, a in zip(prior[-k:], amts, strict=True)):
            chosen = list(prior[-k:])
        else:
            chosen, used = [], set()
            for a in amts:
                hit = next((f for f in reversed(prior) if id(f) not in used and _compatible(f, a)), None)
                if hit is not None:
                    used.add(id(hit))
                chosen.append(hit)
        for f, a in zip(chosen, amts, strict=True):
            if f is None:
                continue
            f.change = Change(ph.base, ph.direction, a.value, a.unit or "")
            f.span_end = end


def _own_subject(norm: str, ph: ChangePhrase, drafts: list[Draft], clause_of) -> bool:
    """True when the change phrase opens with a named subject in a clause without a level of its own."""
    c = clause_of(ph.start)
    if any(c[0] <= d.q.start < ph.start for d in drafts):
        return False
    subject, _ = clean_left(norm[c[0] : ph.start])
    return len(subject) >= 2 and not is_generic(subject) and not is_dependent(subject)


def _changes_as_facts(
    norm: str, ph: ChangePhrase, amts: list[Quantity], drafts: list[Draft], si: int, clause_of
) -> None:
    """失业保险基金比上年同期增收36.8万元: a change amount that is a quantity of its own (AMOUNT_VERBS)."""
    c = clause_of(ph.start)
    subject, _ = clean_left(norm[c[0] : ph.start])
    verb = ph.verb
    names = split_items(subject) if len(amts) > 1 else [subject]
    if len(names) != len(amts):
        names = [subject] * len(amts)
    for name, a in zip(names, amts, strict=True):
        if not name:
            continue
        a.role = "fact"
        d = Draft(a, si, clause_of(a.start), name=name + verb.rstrip("了"), strong=True)
        d.change = Change(ph.base, ph.direction, a.value, a.unit)
        drafts.append(d)
    drafts.sort(key=lambda x: x.q.start)
