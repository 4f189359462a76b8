import { describe, expect, it } from '@jest/globals';
import { decideToolAccess, type ToolAccessTarget } from './tool-access.js';

const search: ToolAccessTarget = { name: 'search_calls', tags: ['search', 'calls'], requiredScope: 'gong:read' };
const write: ToolAccessTarget = { name: 'add_to_flow', tags: ['engage'], requiredScope: 'gong:engage:write' };

describe('decideToolAccess', () => {
  it('lets a principal without a grant use read tools only', () => {
    expect(decideToolAccess({}, search)).toEqual({ allowed: true });
    expect(decideToolAccess({}, write)).toMatchObject({ allowed: false, missingScope: 'gong:engage:write' });
  });

  it('names the missing scope', () => {
    expect(decideToolAccess({ grant: { scopes: new Set(['gong:engage:write']) } }, search)).toMatchObject({ allowed: false, missingScope: 'gong:read' });
  });

  it('limits to named tools or tags', () => {
    const scopes = new Set(['gong:read']);
    expect(decideToolAccess({ grant: { scopes, tools: new Set(['get_call']) } }, search).allowed).toBe(false);
    expect(decideToolAccess({ grant: { scopes, tools: new Set(['search_calls']) } }, search).allowed).toBe(true);
    expect(decideToolAccess({ grant: { scopes, tags: new Set(['search']) } }, search).allowed).toBe(true);
    expect(decideToolAccess({ grant: { scopes, tags: new Set(['accounts']) } }, search).allowed).toBe(false);
  });
});
