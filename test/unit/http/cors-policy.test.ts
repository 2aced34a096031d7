import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corsPolicy } from '../../../src/http/cors-policy.ts';

const request = (origin?: string) => new Request('http://x/graphql', origin ? { headers: { origin } } : {});

describe('corsPolicy', () => {
  it('answers a listed origin with itself and credentials', () => {
    const policy = corsPolicy(['https://a.example', 'https://b.example']);
    expect(policy(request('https://b.example'))).toEqual({
      origin: ['https://b.example', 'https://b.example'],
      credentials: true,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
  });

  it('refuses unlisted origins, look-alikes, "null" and requests without an origin', () => {
    const policy = corsPolicy(['https://a.example']);
    for (const origin of [
      'https://evil.example',
      'https://a.example.evil',
      'http://a.example',
      'null',
      undefined,
    ]) {
      expect(policy(request(origin))).toBe(false);
    }
  });

  it('refuses every origin when the list is empty', () => {
    expect(corsPolicy([])(request('https://a.example'))).toBe(false);
  });

  it('answers an origin if and only if it is listed, exactly (property, seeded)', () => {
    const origins = fc.webUrl().map((url) => new URL(url).origin);
    fc.assert(
      fc.property(
        // Half of the asked origins come from the list, so both branches are exercised.
        fc
          .uniqueArray(origins, { maxLength: 5 })
          .chain((listed) =>
            fc.tuple(
              fc.constant(listed),
              listed.length > 0 ? fc.oneof(origins, fc.constantFrom(...listed)) : origins,
            ),
          ),
        ([listed, origin]) => {
          const answer = corsPolicy(listed)(request(origin));
          return listed.includes(origin) ? answer !== false && answer.credentials === true : answer === false;
        },
      ),
      { seed: 30, numRuns: 300 },
    );
  });
});
