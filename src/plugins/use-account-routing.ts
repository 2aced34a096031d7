import type { Plugin } from 'graphql-yoga';
import type { BoomiAccounts } from '../accounts/boomi-account.ts';
import { type AccountSelectors, chooseAccount } from '../accounts/choose-account.ts';
import { type RoutedAccount, type RoutedAccountContext, routedAccount } from '../accounts/routed-account.ts';
import { inboundIdentityOf } from '../http/inbound-identity.ts';
import { httpRefusal } from '../http/refusal.ts';
import { type MinimalLogger, silentLogger } from '../upstream/logger-types.ts';

export interface AccountRoutingOptions extends AccountSelectors {
  accounts: BoomiAccounts;
  /** Where refusals are logged (debug). @default silent */
  logger?: MinimalLogger;
}

/**
 * Chooses the Boomi account of each request from its verified identity (choose-account.ts) and records
 * it on the context as `boomiAccount` (name and credential key). A caller that may not use the account
 * it names (or gets) is refused with HTTP 403 and `FORBIDDEN` while the context is built: before execution, so before any
 * upstream call or JWT mint. Must come after useInboundAuth, whose identity it reads.
 */
export function useAccountRouting(options: AccountRoutingOptions): Plugin<RoutedAccountContext> {
  const logger = options.logger ?? silentLogger;
  const routed = new Map(options.accounts.list.map((account) => [account.name, routedAccount(account)]));
  return {
    onContextBuilding({ context, extendContext }) {
      const choice = chooseAccount(options.accounts, options, {
        identity: inboundIdentityOf(context),
        header: (name) => context.request.headers.get(name),
      });
      if ('refused' in choice) {
        logger.debug({ reason: choice.refused }, 'account refused');
        throw httpRefusal('FORBIDDEN', { status: 403 });
      }
      extendContext({ boomiAccount: routed.get(choice.account.name) as RoutedAccount });
    },
  };
}
