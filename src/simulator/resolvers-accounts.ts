/** Root resolvers of account lookups: spaceAccounts (SG) and referenceAccountsByGroupId. */
import { callerAccount, scopedSpace } from './access.ts';
import { domainError } from './error-codes.ts';
import type { AccountRecord } from './model.ts';
import type { RootResolvers } from './root-types.ts';

type Criteria = { operator?: unknown; argument?: unknown } | null | undefined;

/** Case-insensitive CONTAINS / STARTSWITH match on the account name (as observed in the sample). */
function matches(
  account: AccountRecord,
  criteria: Criteria,
  missingCode: 'ACCOUNT_INPUT_MISSING_FIELDS' | null,
) {
  if (criteria === null || criteria === undefined) return true;
  const { operator, argument } = criteria;
  if ((operator !== 'CONTAINS' && operator !== 'STARTSWITH') || typeof argument !== 'string') {
    if (missingCode) throw domainError(missingCode, 'criteria requires both operator and argument');
    return true;
  }
  const name = account.name.toLowerCase();
  const arg = argument.toLowerCase();
  return operator === 'CONTAINS' ? name.includes(arg) : name.startsWith(arg);
}

/** Account query resolvers. */
export const accountQueries: RootResolvers = {
  spaceAccounts(args, ctx) {
    const space = scopedSpace(ctx, 'spaceAccounts');
    const criteria = args.criteria as Criteria;
    // Both fields are mandatory inside criteria; the SDL already enforces it, this guards direct calls.
    matches({ id: '', name: '' }, criteria, 'ACCOUNT_INPUT_MISSING_FIELDS');
    return space.accountIds
      .flatMap((id) => {
        const account = ctx.state.accounts.get(id);
        return account ? [account] : [];
      })
      .filter((a) => matches(a, criteria, null))
      .map((a) => ({ id: a.id, name: a.name }));
  },

  referenceAccountsByGroupId(args, ctx) {
    const accountId = callerAccount(ctx);
    const groupId = args.groupId as string;
    if (groupId.trim() === '') throw domainError('MISSING_ACCT_GRP_ID', 'groupId is required');
    const group = ctx.state.accountGroups.get(groupId);
    if (!group) throw domainError('PLATFORM_CALL_ERROR', `Account group ${groupId} was not found`);
    if (group.ownerAccountId !== accountId && !group.accountIds.includes(accountId)) {
      throw domainError('UNAUTHORIZED', `The calling account has no access to account group ${groupId}`);
    }
    const search = args.accountSearch as
      | { searchStringOperator?: unknown; argument?: unknown }
      | null
      | undefined;
    const criteria = search ? { operator: search.searchStringOperator, argument: search.argument } : null;
    return group.accountIds
      .flatMap((id) => {
        const account = ctx.state.accounts.get(id);
        return account ? [account] : [];
      })
      .filter((a) => matches(a, criteria, null))
      .map((a) => ({ id: a.id, name: a.name }));
  },
};
