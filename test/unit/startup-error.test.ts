import { describe, expect, it } from 'vitest';
import { describeStartupError, withCauses } from '../../src/startup-error.ts';

const target = { host: '0.0.0.0', port: 4000 };
const withCode = (code: string) => Object.assign(new Error(`listen ${code}: 0.0.0.0:4000`), { code });

describe('describeStartupError', () => {
  it('names PORT for a busy port', () => {
    expect(describeStartupError(withCode('EADDRINUSE'), target)).toBe(
      'PORT 4000 is already in use on HOST 0.0.0.0 (EADDRINUSE): stop the process that holds it or set PORT to a free port',
    );
  });

  it('names HOST for an address that is not local', () => {
    expect(describeStartupError(withCode('EADDRNOTAVAIL'), { host: '10.9.9.9', port: 4000 })).toBe(
      'HOST 10.9.9.9 is not an address of this machine (EADDRNOTAVAIL): set HOST to a local address such as 127.0.0.1 or 0.0.0.0',
    );
  });

  it('names PORT for a privileged port', () => {
    expect(describeStartupError(withCode('EACCES'), { host: '0.0.0.0', port: 80 })).toBe(
      'PORT 80 needs privileges this process lacks (EACCES): set PORT to 1024 or above',
    );
  });

  it('keeps the message of other errors, and copes with non-errors', () => {
    expect(describeStartupError(new Error('schema broken'), target)).toBe('schema broken');
    expect(describeStartupError('text', target)).toBe('text');
    expect(describeStartupError(null, target)).toBe('null');
  });
});

describe('withCauses', () => {
  it('appends each cause and redacts secrets', () => {
    const refused = new Error('auth endpoint refused the credentials (HTTP 401)');
    const error = new Error('The subgraph could not authenticate to the Spaces service.', { cause: refused });
    expect(withCauses(error)).toBe(
      'The subgraph could not authenticate to the Spaces service. (cause: auth endpoint refused the credentials (HTTP 401))',
    );
    expect(withCauses(new Error('bad', { cause: new Error('sent Bearer abc.def.ghi') }))).toBe(
      'bad (cause: sent Bearer [REDACTED])',
    );
  });

  it('is the default of describeStartupError', () => {
    const error = new Error('outer', { cause: new Error('inner') });
    expect(describeStartupError(error, target)).toBe('outer (cause: inner)');
  });
});
