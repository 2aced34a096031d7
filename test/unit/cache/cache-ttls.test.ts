import { describe, expect, it } from 'vitest';
import { parseTtlOverrides, responseCacheTtls } from '../../../src/cache/cache-ttls.ts';
import { typeNamer } from '../../../src/subgraph/type-names.ts';

describe('response cache TTLs', () => {
  it('applies the type prefix to the defaults and lets overrides win', () => {
    const ttls = responseCacheTtls(typeNamer('Boomi'), { BoomiSpace: 5, 'Query.spaces': 7 });
    expect(ttls.ttlPerType.BoomiSpace).toBe(5);
    expect(ttls.ttlPerType.BoomiExecutionHistoryRecord).toBe(0);
    expect(ttls.ttlPerType.Space).toBeUndefined();
    expect(ttls.ttlPerSchemaCoordinate).toEqual({ 'Query.executionHistory': 0, 'Query.spaces': 7 });
  });

  it('parses Type=ms and Type.field=ms lists and names a bad entry', () => {
    expect(parseTtlOverrides(' Space=1000, Query.spaces=0 ,')).toEqual({ Space: 1000, 'Query.spaces': 0 });
    expect(() => parseTtlOverrides('Space=1s')).toThrow('expected Type=ms or Type.field=ms, got "Space=1s"');
  });
});
