import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTabs } from '../../../src/graphiql/default-tabs.ts';
import { SEED } from '../../../src/simulator/seed.ts';
import { type Stack, startStack } from '../../helpers/stack.ts';

const examples = { spaceId: SEED.demoLiveSpaceIds[0], freeAccountGroupId: SEED.freeAccountGroupIds[0] };

describe('defaultTabs', () => {
  it('lists Spaces first (no variables), then one Space, _entities, a mutation and the logo upload', () => {
    const tabs = defaultTabs({ examples });
    expect(
      tabs.map((tab) => parse(tab.query).definitions.map((d) => ('name' in d ? d.name?.value : ''))),
    ).toEqual([['ListSpaces'], ['OneSpace'], ['EntityLookup'], ['CreateSpace'], ['BeforeLogoUpload']]);
    expect(tabs[0]?.variables).toBeUndefined();
    expect(tabs[4]?.query).toContain("-F '0=@logo.png;type=image/png'");
  });

  it('uses placeholders without examples, the type prefix, and no mutation tabs when read-only', () => {
    const tabs = defaultTabs({ examples: {}, typePrefix: 'Boomi', readOnly: true });
    expect(tabs).toHaveLength(3);
    expect(tabs[1]?.variables).toContain('<a Space id from the first tab>');
    expect(tabs[2]?.query).toContain('... on BoomiSpace');
    expect(JSON.parse(tabs[2]?.variables ?? '{}')).toEqual({
      representations: [{ __typename: 'BoomiSpace', id: '<a Space id from the first tab>' }],
    });
  });
});

describe('every default tab runs against the sandbox without errors', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it.each(defaultTabs({ examples }).map((tab, index) => [index, tab] as const))(
    'tab %i',
    async (_index, tab) => {
      const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined;
      const response = await stack.query(tab.query, variables);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toBeTruthy();
    },
  );
});
