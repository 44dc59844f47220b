import { objectiveDocumentName } from '@throughline/shared';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../../../test/helpers/factories.js';
import { eventually, startTestServer, TestServer } from '../../../test/helpers/server.js';
import { liveSubscription, LiveSubscription } from '../../../test/helpers/subscriptions.js';
import { OrgTree } from '../../auth/org-tree.js';
import { collabServerOf } from '../../collab/collab.extension.js';
import { openEditor, TestEditor } from '../../collab/testing/collab-clients.js';

// What closed subscriptions and editors leave behind, counted (not measured in bytes): listeners on
// the event bus, Hocuspocus documents and connections, and organisation trees still reachable.
// Trees are counted through weak references after full garbage collections.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const collect = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 0));
  }
};

const KPI_CHANGED = `subscription($unitId: ID) { kpiChanged(unitId: $unitId) { id } }`;
const N = 20;

describe('closed subscriptions and editors leave nothing behind', () => {
  let s: TestServer;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  const trees: WeakRef<OrgTree>[] = [];
  const load = OrgTree.load;
  const liveTrees = async () => {
    await collect();
    return trees.filter((t) => t.deref()).length;
  };
  beforeAll(async () => {
    s = await startTestServer({ seed: async (db) => (org = await buildOrg(db)) });
    // Every tree loaded from now on is tracked (weakly: tracking must not keep one alive).
    OrgTree.load = async (...args: Parameters<typeof load>) => {
      const tree = await load.apply(OrgTree, args);
      trees.push(new WeakRef(tree));
      return tree;
    };
  });
  afterAll(async () => {
    OrgTree.load = load;
    await s?.close();
  });

  it('an open subscription does not keep the tree it was validated with; closed ones leave no bus listener', async () => {
    const bus = s.server.host.bus;
    const baseline = bus.listenerCount;
    const subs: LiveSubscription[] = [];
    for (let i = 0; i < N; i++)
      subs.push(
        await liveSubscription({
          wsUrl: s.wsUrl,
          token: org.people.opsHead.token,
          query: KPI_CHANGED,
          variables: { unitId: org.units.ops }, // validated against the tree at subscribe time
          bus,
        }),
      );
    expect(bus.listenerCount).toBe(baseline + N);
    expect(subs.every((x) => x.errors.length === 0)).toBe(true);
    // Each subscription validates its unitId against a tree of its own (on its first read).
    await eventually(() => trees.length >= N, 5_000, 'every subscription validated');
    // Open and idle: each event brings its own tree, so none of the subscribe-time trees is held.
    expect(await liveTrees()).toBe(0);
    for (const x of subs) await x.close();
    await eventually(() => bus.listenerCount === baseline, 5_000, 'bus listeners released');
    expect(await liveTrees()).toBe(0);
  });

  it('closed editors: Hocuspocus unloads the document and holds no connection', async () => {
    const collab = collabServerOf(s.server.httpServer)!;
    const name = objectiveDocumentName(org.objectives.opsObjective);
    const editors: TestEditor[] = [];
    for (let i = 0; i < 5; i++) editors.push(openEditor(s.url, name, org.people.opsHead.token));
    await eventually(() => editors.every((e) => e.provider.isSynced), 10_000, 'editors synced');
    expect(collab.hocuspocus.documents.size).toBe(1);
    expect(collab.hocuspocus.getConnectionsCount()).toBe(5);
    for (const e of editors) e.destroy();
    await eventually(
      () => collab.hocuspocus.documents.size === 0 && collab.hocuspocus.getConnectionsCount() === 0,
      10_000,
      'document unloaded and connections gone',
    );
  });
});
