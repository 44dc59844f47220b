// Manual look: screenshots of the main screens (node e2e/screens.mjs), against E2E_BASE_URL.
import { api, launch, newUser, shot, tokenFor } from './lib.mjs';

const only = process.argv[2];
const { browser, close } = await launch();
try {
  const width = Number(process.env.W ?? 1440);
  const height = Number(process.env.H ?? 900);
  const email = process.env.USER_EMAIL ?? 'ceo@demo.test';
  const { page, problems } = await newUser(browser, email, { width, height });
  const token = await tokenFor(email);
  const { kpis } = await api('{ kpis { id name } }', {}, token);
  const { initiatives } = await api('{ initiatives { id title } }', {}, token);
  const { objectives } = await api('{ objectives { id title } }', {}, token);
  const kpi = kpis.find((k) => k.name === 'QC queue length') ?? kpis[0];
  const init = initiatives.find((i) => i.title === 'Second final-QC station') ?? initiatives[0];
  const obj = objectives.find((o) => o.title === 'Ship to plan every month') ?? objectives[0];
  const tag = process.env.TAG ?? '';
  const screens = [
    ['home', '/'],
    ['map-tree', '/map?view=tree'],
    ['map-bsc', '/map?view=bsc'],
    ['map-x', '/map?view=x'],
    ['kpi', `/kpis/${kpi.id}`],
    ['objective', `/objectives/${obj.id}`],
    ['initiative', `/initiatives/${init.id}`],
    ['portfolio', '/portfolio'],
    ['meetings', '/meetings'],
    ['plan', '/plan'],
    ['history', '/history'],
    ['import', '/import'],
  ];
  for (const [name, path] of screens) {
    if (only && name !== only) continue;
    await page.goto(path);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .locator('.loading')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    console.log(await shot(page, `look-${tag}${name}`));
  }
  if (problems.length) console.log('page errors:', problems);
} finally {
  await close();
}
