import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestSim, type TestSim } from '../../test/gong-sim.fixture.js';

let t: TestSim;
beforeAll(async () => {
  t = await createTestSim({ users: 20, calls: 120 });
});
afterAll(async () => {
  await t.sim.close();
});

describe('data privacy: erase-data-for-email-address and -phone-number', () => {
  it('deletes every call the address appears on (later 404 / absent), and the contact; bad input is 400', async () => {
    const calls = t.sim.company.data.calls;
    const counts = new Map<string, number>();
    for (const c of calls) for (const p of c.parties) if (p.affiliation === 'External' && p.emailAddress) counts.set(p.emailAddress, (counts.get(p.emailAddress) ?? 0) + 1);
    const [email, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const onIt = calls.filter((c) => c.parties.some((p) => p.emailAddress === email)).map((c) => c.id);
    expect(onIt).toHaveLength(n);
    const total = calls.length;

    expect((await t.request('POST', '/v2/data-privacy/erase-data-for-email-address')).status).toBe(400);
    const res = await t.request('POST', `/v2/data-privacy/erase-data-for-email-address?emailAddress=${encodeURIComponent(email.toUpperCase())}`);
    expect(res.status).toBe(200);
    expect(res.json.requestId).toEqual(expect.any(String));
    expect(t.sim.company.data.calls).toHaveLength(total - n);
    const after = await t.request('POST', '/v2/calls/extensive', { filter: { callIds: onIt }, contentSelector: {} });
    expect(after.status).toBe(404);
    expect(t.sim.company.data.contacts.some((c) => c.emailAddress === email)).toBe(false);

    expect((await t.request('POST', '/v2/data-privacy/erase-data-for-phone-number?phoneNumber=4255552671')).status).toBe(400);
    expect((await t.request('POST', `/v2/data-privacy/erase-data-for-phone-number?phoneNumber=${encodeURIComponent('+1 (425) 555-0000')}`)).status).toBe(200);
  });
});
