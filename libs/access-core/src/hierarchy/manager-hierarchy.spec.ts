import { describe, expect, it } from '@jest/globals';
import { ManagerHierarchy, type ManagerLink } from './manager-hierarchy.js';

const link = (id: string, managerId: string | null): ManagerLink => ({ id, managerId });

describe('ManagerHierarchy', () => {
  // 1 ── 2 ── 3, 4 ; 5 ⇄ 6 with 7 under 5 and 8 under 7 ; 9 self-managed with 10 under it ;
  // 11 under a dangling id ; 12 → 13 → 14 → 12 (a cycle of three) with 15 under 14
  const hierarchy = new ManagerHierarchy([
    link('1', null),
    link('2', '1'),
    link('3', '2'),
    link('4', '2'),
    link('5', '6'),
    link('6', '5'),
    link('7', '5'),
    link('8', '7'),
    link('9', '9'),
    link('10', '9'),
    link('11', '404'),
    link('12', '13'),
    link('13', '14'),
    link('14', '12'),
    link('15', '14'),
  ]);

  it.each<[string, string[]]>([
    ['1', ['2', '3', '4']],
    ['2', ['3', '4']],
    ['3', []],
    ['5', ['7', '8']],
    ['6', []],
    ['9', ['10']],
    ['11', []],
    ['404', []],
    ['12', []],
    ['14', ['15']],
    ['unknown', []],
  ])('descendants of %s', (id, expected) => {
    expect([...hierarchy.descendantsOf(id)].sort()).toEqual(expected.sort());
    expect([...hierarchy.descendantsOf(id)].sort()).toEqual(expected.sort()); // memoized
  });

  it.each<[string, string, boolean]>([
    ['3', '1', true],
    ['3', '2', true],
    ['1', '3', false],
    ['3', '3', false],
    ['8', '5', true],
    ['8', '6', false],
    ['5', '6', false],
    ['6', '5', false],
    ['9', '9', false],
    ['10', '9', true],
    ['11', '404', false],
    ['15', '14', true],
    ['15', '12', false],
    ['12', '13', false],
  ])('%s below %s: %p', (id, ancestor, expected) => {
    expect(hierarchy.isBelow(id, ancestor)).toBe(expected);
  });

  it('walks a 100,000-deep chain without recursion', () => {
    const links = Array.from({ length: 100_000 }, (_, i) => link(String(i + 1), i === 0 ? null : String(i)));
    const chain = new ManagerHierarchy(links);
    expect(chain.descendantsOf('1')).toHaveLength(99_999);
    expect(chain.isBelow('100000', '1')).toBe(true);
  });

  it('survives a 100,000-long cycle', () => {
    const links = Array.from({ length: 100_000 }, (_, i) => link(String(i + 1), String(((i + 1) % 100_000) + 1)));
    const ring = new ManagerHierarchy(links);
    expect(ring.descendantsOf('1')).toEqual([]);
    expect(ring.isBelow('1', '2')).toBe(false);
  });
});
