import { expect, it } from 'vitest';
import { mergedEnvironments } from '../../../src/subgraph/environment-entities.ts';

it('takes each environment from the first Space listing it and unions its attachments over every Space', () => {
  const merged = mergedEnvironments([
    {
      environments: [{ id: 'e1', name: 'Prod', integrationPackEnvironmentAttachment: [{ id: 'a1' }] }, null],
    },
    null,
    { environments: null },
    {
      environments: [
        {
          id: 'e1',
          name: 'Prod (second copy)',
          integrationPackEnvironmentAttachment: [{ id: 'a1' }, { id: 'a2' }],
        },
        { id: 'e2', name: 'Test' },
        { name: 'no id' },
      ],
    },
  ]);
  expect([...merged]).toEqual([
    ['e1', { id: 'e1', name: 'Prod', integrationPackEnvironmentAttachment: [{ id: 'a1' }, { id: 'a2' }] }],
    ['e2', { id: 'e2', name: 'Test' }],
  ]);
});

it('is empty when no Space lists an environment', () => {
  expect(mergedEnvironments([]).size).toBe(0);
  expect(mergedEnvironments([{ environments: [] }, 'junk']).size).toBe(0);
});
