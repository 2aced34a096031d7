import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.ts';
import { useAccessLog } from '../../../src/plugins/use-access-log.ts';
import { useErrorNormalization } from '../../../src/plugins/use-error-normalization.ts';
import { useRequestScope } from '../../../src/plugins/use-request-scope.ts';
import { errorCodesOf, useResponseCodes } from '../../../src/plugins/use-response-codes.ts';
import { post, yogaWith } from './yoga-fixture.ts';

describe('useResponseCodes', () => {
  it('errorCodesOf reads codes of single and batched results, __none for an error without one', () => {
    expect(errorCodesOf({ data: {} })).toEqual([]);
    expect(
      errorCodesOf([{ errors: [{ extensions: { code: 'A' } }] }, { errors: [{ message: 'x' }] }]),
    ).toEqual(['A', '__none']);
  });

  it('records the codes clients get: after error normalization, an error without a code is INTERNAL_SERVER_ERROR', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const yoga = yogaWith([
      useRequestScope(),
      useErrorNormalization({ logger }),
      useResponseCodes(),
      useAccessLog({ logger }),
    ]);
    await post(yoga, 'query Bug { boom }');
    await post(yoga, 'query Fine { hello }');
    const access = lines.filter((l) => l.msg === 'request completed');
    expect(access.map((l) => [l.operationName, l.errorCodes])).toEqual([
      ['Bug', ['INTERNAL_SERVER_ERROR']],
      ['Fine', []],
    ]);
  });
});
