import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  MAX_SPACE_GUID_LENGTH,
  SPACE_GUID_HEADER,
  spaceGuidOf,
  spaceGuidProblem,
  withSpaceGuid,
} from '../../../src/upstream/space-guid.ts';

describe('spaceGuidProblem', () => {
  it('accepts UUIDs and other visible-ASCII guids up to the length limit', () => {
    expect(spaceGuidProblem('0b8f3c5e-6f43-4a3b-9a55-3c1c2f8f9d10')).toBeUndefined();
    expect(spaceGuidProblem('gh887hhuj')).toBeUndefined();
    expect(spaceGuidProblem('x'.repeat(MAX_SPACE_GUID_LENGTH))).toBeUndefined();
  });

  it('over every UTF-16 code unit: accepted exactly when visible ASCII, and then a valid header value', () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const value = `g${String.fromCharCode(code)}`;
      const accepted = spaceGuidProblem(value) === undefined;
      if (accepted !== (code >= 0x21 && code <= 0x7e)) wrong.push(code);
      // The executor's contract: an accepted guid never makes the HTTP client throw.
      else if (accepted && new Headers({ [SPACE_GUID_HEADER]: value }).get(SPACE_GUID_HEADER) !== value) {
        wrong.push(code);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names the character and its position, the length, or emptiness', () => {
    expect(spaceGuidProblem('ab\r\n')).toBe(
      'spaceGuid contains U+000D at position 2: a Space guid is made of visible ASCII characters only (it is sent as the SPACE_GUID header).',
    );
    expect(spaceGuidProblem('x'.repeat(MAX_SPACE_GUID_LENGTH + 1))).toBe(
      'spaceGuid must be at most 128 characters (received 129).',
    );
    expect(spaceGuidProblem('')).toBe('spaceGuid must not be empty.');
  });
});

describe('spaceGuidOf / withSpaceGuid', () => {
  it('carries the guid in the request extensions, keeping the other extensions', () => {
    const request = { document: parse('{ a }'), extensions: { other: 1 } };
    const out = withSpaceGuid(request, 'g-1');
    expect(spaceGuidOf(out)).toBe('g-1');
    expect(out.extensions).toEqual({ other: 1, spaceGuid: 'g-1' });
    expect(spaceGuidOf(request)).toBeUndefined();
    expect(spaceGuidOf({ document: request.document, extensions: { spaceGuid: 42 } })).toBeUndefined();
  });
});
