import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '@gong-connector/contracts';
import { writeArgumentsDigest } from './write-arguments.digest.js';

describe('writeArgumentsDigest', () => {
  it.each([
    ['key order does not matter', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    ['an undefined member is the same as none', { a: 1, b: undefined }, { a: 1 }, true],
    ['array order matters', { a: [1, 2] }, { a: [2, 1] }, false],
    ['values matter', { a: '1' }, { a: 1 }, false],
  ])('%s', (_name, x, y, same) => {
    expect(writeArgumentsDigest('assign_flow', x) === writeArgumentsDigest('assign_flow', y)).toBe(same);
  });

  it('binds the tool too, and sorts nested keys', () => {
    expect(writeArgumentsDigest('assign_flow', { a: 1 })).not.toBe(writeArgumentsDigest('unassign_flow', { a: 1 }));
    expect(canonicalJson({ z: { y: 1, x: 2 }, a: null })).toBe('{"a":null,"z":{"x":2,"y":1}}');
  });
});
