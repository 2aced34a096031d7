import { startStack } from '/work/main/test/helpers/stack.ts';
const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
const list = await stack.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
const ids = list.body.data!.spaces.map((s) => s.id);
const refs = Array.from({ length: 100 }, (_, i) => ({ __typename: 'Space', id: ids[i % ids.length] }));
for (const k of [1, 2]) {
  const res = await stack.query(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id u${k}: name } } }`, { r: refs });
  console.log(res.text.slice(0, 300), res.body.errors?.length, res.body.errors?.slice(0, 2));
}
await stack.close();
