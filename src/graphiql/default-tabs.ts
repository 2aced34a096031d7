/** Ids the example tabs can use; in sandbox mode they come from the simulator's seed. */
export interface GraphiQLExamples {
  /** A Space the caller can read. @default a placeholder to replace */
  spaceId?: string | undefined;
  /** An account group without a Space (spaceCreate needs one). @default a placeholder to replace */
  freeAccountGroupId?: string | undefined;
}

/** One GraphiQL tab, as Yoga's `defaultTabs` takes it. */
export interface GraphiQLTab {
  query: string;
  variables?: string;
}

export interface DefaultTabsOptions {
  examples: GraphiQLExamples;
  /** TYPE_PREFIX, for the `__typename` of entity representations. @default '' */
  typePrefix?: string;
  /** READ_ONLY: no mutation tabs. @default false */
  readOnly?: boolean;
}

const SPACE_ID_PLACEHOLDER = '<a Space id from the first tab>';
const GROUP_ID_PLACEHOLDER = '<an account group id without a Space>';

const listSpaces = `# Every Space of the account, with the fields this subgraph computes
# (guid, createdAt, modifiedAt, isModified, hasLogo, accountGroupId). Press the run button (or Ctrl-Enter).
query ListSpaces {
  spaces {
    id
    name
    guid
    createdAt
    modifiedAt
    isModified
    hasLogo
    accountGroupId
    accountGroup {
      name
    }
  }
}
`;

const oneSpace = `# One Space by id, with the fields that call Boomi with the Space's own SPACE_GUID
# (you never pass a guid header yourself). Take an id from the first tab.
query OneSpace($id: ID!) {
  space(id: $id) {
    id
    name
    guid
    environments {
      id
      name
      classification
    }
    integrationPackInstances {
      id
      integrationPackOverrideName
    }
    accounts {
      id
      name
    }
  }
}
`;

const entities = (
  typeName: string,
) => `# The federation entry point a gateway uses: resolve Spaces by their @key (id).
# N representations cost one upstream request.
query EntityLookup($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on ${typeName} {
      id
      name
      guid
    }
  }
}
`;

const createSpace = `# Create a Space in an account group that has none (one Space per group).
# In sandbox mode the variables hold a free group of the simulator's demo account.
mutation CreateSpace($input: SpaceCreateInput!) {
  spaceCreate(input: $input) {
    id
    name
    guid
    createdAt
    accountGroup {
      id
      name
    }
  }
}
`;

const uploadLogo = `# How to upload a logo. GraphiQL cannot attach files: send a GraphQL multipart request, e.g. with curl.
# spaceUpdate needs the Space's name: pass its current name (this tab reads it) or the update renames it.
#
#   curl -s http://127.0.0.1:4000/graphql \\
#     -H 'apollo-require-preflight: true' \\
#     -F operations='{"query":"mutation ($in: SpaceUpdateInput!) { spaceUpdate(input: $in) { id hasLogo theme { logoUrl } } }","variables":{"in":{"id":"<id>","name":"<current name>","theme":{"logo":null}}}}' \\
#     -F map='{"0":["variables.in.theme.logo"]}' \\
#     -F '0=@logo.png;type=image/png'
#
# The file must be .svg, .png or .jpg (name, declared type and content agree), at most MAX_LOGO_BYTES.
# The same mutation with "logo": null and no file part removes the logo.
query BeforeLogoUpload($id: ID!) {
  space(id: $id) {
    id
    name
    hasLogo
    theme {
      logoUrl
    }
  }
}
`;

function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/**
 * The tabs GraphiQL opens with (when the browser has no saved tabs): list Spaces, one Space with its
 * space-scoped fields, an `_entities` lookup, and, unless read-only, a mutation and how to upload a logo
 * (a query that reads what the upload needs: GraphiQL cannot send files). The first tab needs no
 * variables, so "open and run" works on a fresh start.
 */
export function defaultTabs(options: DefaultTabsOptions): GraphiQLTab[] {
  const spaceId = options.examples.spaceId ?? SPACE_ID_PLACEHOLDER;
  const groupId = options.examples.freeAccountGroupId ?? GROUP_ID_PLACEHOLDER;
  const typeName = `${options.typePrefix ?? ''}Space`;
  const tabs: GraphiQLTab[] = [
    { query: listSpaces },
    { query: oneSpace, variables: json({ id: spaceId }) },
    {
      query: entities(typeName),
      variables: json({ representations: [{ __typename: typeName, id: spaceId }] }),
    },
  ];
  if (options.readOnly) return tabs;
  tabs.push(
    {
      query: createSpace,
      variables: json({
        input: { name: 'Partner portal', accountGroupId: groupId, sharingMode: 'ACCOUNT_GROUP' },
      }),
    },
    { query: uploadLogo, variables: json({ id: spaceId }) },
  );
  return tabs;
}
