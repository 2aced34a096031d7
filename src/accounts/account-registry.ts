import type { Executor } from '@graphql-tools/utils';
import { subgraphError } from '../errors/subgraph-error.ts';
import type { AccountStack } from './account-stack.ts';
import { primaryAccount } from './accounts-setting.ts';
import type { BoomiAccount, BoomiAccounts } from './boomi-account.ts';
import { routedAccountOf } from './routed-account.ts';

/** Every account's stack by name, and the executor that sends each request through its own account's. */
export interface AccountRegistry {
  readonly accounts: BoomiAccounts;
  /** The default account's stack (else the first listed): readiness probes it. */
  readonly primary: AccountStack;
  get(name: string): AccountStack | undefined;
  all(): readonly AccountStack[];
  /**
   * Dispatches by the routed account of the request's context (use-account-routing.ts). A request without
   * one uses the only account when there is one; with several it is refused (fail closed).
   */
  readonly executor: Executor;
  close(): Promise<void>;
}

/** Builds a stack per account with `build`. */
export function createAccountRegistry(
  accounts: BoomiAccounts,
  build: (account: BoomiAccount) => AccountStack,
): AccountRegistry {
  const stacks = new Map(accounts.list.map((account) => [account.name, build(account)]));
  const primary = stacks.get(primaryAccount(accounts).name) as AccountStack;
  const only = stacks.size === 1 ? primary : undefined;
  return {
    accounts,
    primary,
    get: (name) => stacks.get(name),
    all: () => [...stacks.values()],
    executor(request) {
      const name = routedAccountOf(request.context)?.name;
      const stack = name === undefined ? only : stacks.get(name);
      if (!stack) throw subgraphError('FORBIDDEN');
      return stack.executor(request);
    },
    async close() {
      await Promise.all([...stacks.values()].map((stack) => stack.close()));
    },
  };
}
