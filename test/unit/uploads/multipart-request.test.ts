import { describe, expect, it } from 'vitest';
import { isMultipartRequest } from '../../../src/uploads/multipart-request.ts';

const request = (method: string, contentType?: string) =>
  new Request('http://localhost/graphql', {
    method,
    headers: contentType ? { 'content-type': contentType } : {},
    ...(method === 'POST' ? { body: '' } : {}),
  });

describe('isMultipartRequest', () => {
  it('is a multipart/form-data POST, parameters and case aside', () => {
    expect(isMultipartRequest(request('POST', 'multipart/form-data; boundary=x'))).toBe(true);
    expect(isMultipartRequest(request('POST', ' Multipart/Form-Data ;boundary=x'))).toBe(true);
  });

  it('is no other request: JSON, no content type, a GET, a lookalike type', () => {
    expect(isMultipartRequest(request('POST', 'application/json'))).toBe(false);
    expect(isMultipartRequest(request('POST'))).toBe(false);
    expect(isMultipartRequest(request('GET', 'multipart/form-data; boundary=x'))).toBe(false);
    expect(isMultipartRequest(request('POST', 'multipart/form-data-x'))).toBe(false);
  });
});
