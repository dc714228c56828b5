"""Pairwise alignment: opcodes that account for every token, repeated blocks kept whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from edition.collate.align import align, align_setting_aside, repeated_blocks


def _check(ops, a: str, b: str) -> None:
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


blocks = st.lists(st.text(alphabet="abcd", min_size=1, max_size=5), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(blocks, st.lists(st.integers(0, 2), min_size=6, max_size=6), st.randoms(use_true_random=False))
def test_setting_repeats_aside_still_accounts_for_every_token(base_blocks, repeats, rnd):
    other_blocks = []
    for block, times in zip(base_blocks, repeats):
        other_blocks.extend([block] * (times + 1))
    shuffled = base_blocks[:]
    rnd.shuffle(shuffled)
    a, b = "".join(shuffled), "".join(other_blocks)
    starts, pos = [], 0
    for block in other_blocks:
        starts.append(pos)
        pos += len(block)
    _check(align_setting_aside(a, b, repeated_blocks(b, starts, {})), a, b)


def test_repeated_block_comes_back_as_one_insertion_at_the_boundary():
    a = "PPPXYZQQQ"
    b = "PPPXYZXYZQQQ"
    ops = align_setting_aside(a, b, repeated_blocks(b, [0, 3, 6, 9], {}))
    assert ("insert", 6, 6, 6, 9) in ops


def test_chance_equalities_inside_a_long_difference_are_absorbed():
    a = "甲" * 200 + "共同的短语" + "乙" * 200
    b = "丙" * 150 + "共同的短语" + "丁" * 150
    ops = align(a, b)
    assert [op[0] for op in ops] == ["replace"]
