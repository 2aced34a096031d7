import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createAccountRegistry } from '../../../src/accounts/account-registry.ts';
import type { AccountStack } from '../../../src/accounts/account-stack.ts';
import type { BoomiAccount, BoomiAccounts } from '../../../src/accounts/boomi-account.ts';

const account = (name: string) => ({ name }) as BoomiAccount;
const fakeStack = (a: BoomiAccount, calls: string[]) =>
  ({
    account: a,
    executor: () => {
      calls.push(a.name);
      return { data: { who: a.name } };
    },
    close: async () => {
      calls.push(`closed ${a.name}`);
    },
  }) as unknown as AccountStack;
const document = parse('{ __typename }');
const at = (name: string) => ({ boomiAccount: { name, key: name } });

describe('createAccountRegistry', () => {
  it("sends each request through its routed account's stack; the primary is the default", async () => {
    const calls: string[] = [];
    const accounts: BoomiAccounts = { defaultName: 'b', list: [account('a'), account('b')] };
    const registry = createAccountRegistry(accounts, (a) => fakeStack(a, calls));
    expect(registry.primary.account.name).toBe('b');
    await registry.executor({ document, context: at('a') });
    await registry.executor({ document, context: at('b') });
    expect(calls).toEqual(['a', 'b']);
    await registry.close();
    expect(calls.slice(2).sort()).toEqual(['closed a', 'closed b']);
  });

  it('fails closed with several accounts when a request carries none (or an unknown one)', () => {
    const registry = createAccountRegistry({ defaultName: 'a', list: [account('a'), account('b')] }, (a) =>
      fakeStack(a, []),
    );
    expect(() => registry.executor({ document, context: {} })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    );
    expect(() => registry.executor({ document, context: at('zz') })).toThrow(/may not use/);
  });

  it('uses the only account for a request without one (start-up introspection, single-account mode)', async () => {
    const calls: string[] = [];
    const registry = createAccountRegistry({ defaultName: undefined, list: [account('x')] }, (a) =>
      fakeStack(a, calls),
    );
    await registry.executor({ document });
    expect(calls).toEqual(['x']);
  });
});
