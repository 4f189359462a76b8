import { describe, expect, it } from '@jest/globals';
import { clientHost, consentPage, describeScope, errorPage, escapeHtml } from './oauth-pages.js';

describe('pages of the built-in authorization server', () => {
  it.each([
    ['<script>alert(1)</script>', '&#60;script&#62;alert(1)&#60;&#47;script&#62;'],
    ['"quoted" & \'single\'', '&#34;quoted&#34; &#38; &#39;single&#39;'],
    ['plain text', 'plain text'],
  ])('escapes %s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it.each([
    ['gong:read', /Read the Gong calls/],
    ['gong:crm:write', /CRM/],
    ['offline_access', /without asking you to sign in again/],
    ['odd:scope', /"odd:scope"/],
  ])('describes %s in plain words', (scope, words) => {
    expect(describeScope(scope)).toMatch(words);
  });

  it.each([
    ['https://claude.ai/oauth/client-metadata.json', 'claude.ai'],
    ['https://127.0.0.1:8443/client.json', '127.0.0.1:8443'],
    ['b1d9a7c0-opaque-id', 'registered dynamically (no verified web address)'],
  ])('names where client %s is from', (id, host) => {
    expect(clientHost(id)).toBe(host);
  });

  it('names the client, its host, the user and each scope, escaped, with Allow and Deny', () => {
    const html = consentPage({
      uid: 'abc_123',
      clientName: 'Evil <img src=x onerror=alert(1)>',
      clientId: 'https://agent.example/meta.json',
      userEmail: 'alice.rep@ourco.example',
      scopes: ['gong:read', 'offline_access'],
      limits: 'read-only',
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('Evil &#60;img');
    expect(html).toContain('agent.example');
    expect(html).toContain('alice.rep@ourco.example');
    expect(html).toContain('data-scope="gong:read"');
    expect(html).toContain('data-scope="offline_access"');
    expect(html).toContain('action="/oauth/interaction/abc_123/confirm"');
    expect(html).toContain('action="/oauth/interaction/abc_123/abort"');
    expect(html).toContain('id="limits"');
  });

  it('falls back to the client id when the client has no name', () => {
    expect(consentPage({ uid: 'u', clientName: undefined, clientId: 'cid-1', userEmail: 'a@b.example', scopes: [], limits: undefined })).toContain('id="client-name">cid-1<');
  });

  it('escapes error pages', () => {
    expect(errorPage('Access denied', 'no user <b>x</b>')).toContain('no user &#60;b&#62;x&#60;&#47;b&#62;');
  });
});
