// A KPI page renders its trend with the target and amber/red bands; a recorded value moves it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, newUser, shot, tokenFor } from '../lib.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('the KPI chart shows the target band, and recording a measurement moves the line', async () => {
  const token = await tokenFor('analyst@demo.test');
  const { viewer, kpis } = await api('{ viewer { id } kpis { id name owner { id } } }', {}, token);
  const kpi = kpis.find((k) => k.owner.id === viewer.id);
  assert.ok(kpi, 'the analyst owns a KPI');

  const u = await newUser(env.browser, 'analyst@demo.test');
  await u.page.goto(`/kpis/${kpi.id}`);
  const chart = u.page.getByTestId('kpi-chart');
  await chart.waitFor();
  await chart.locator('.recharts-reference-area').first().waitFor({ state: 'attached' });
  assert.ok((await chart.locator('.recharts-reference-area').count()) >= 2, 'amber and red bands are drawn');
  await chart.locator('.target-line path').first().waitFor({ state: 'attached' });
  const valueLine = chart.locator('.value-line path.recharts-curve').first();
  await valueLine.waitFor({ state: 'attached' });
  const pointsBefore = Number(await chart.getAttribute('data-points'));
  const pathBefore = await valueLine.getAttribute('d');
  await shot(u.page, 'kpi-chart-before');

  // A value far from the rest, so the line visibly moves.
  const latest = Number(await chart.getAttribute('data-latest'));
  const value = Math.round((latest * 1.5 + 7) * 10) / 10;
  await u.page.getByRole('textbox', { name: /^Value/ }).fill(String(value));
  await u.page.getByRole('button', { name: 'Record value' }).click();
  // The period may already have a value: then the form asks first (spec 21 covers correcting it).
  const recorded = u.page.getByRole('status').filter({ hasText: 'Recorded' });
  const duplicate = u.page.getByTestId('duplicate-value');
  await Promise.race([recorded.waitFor(), duplicate.waitFor()]);
  if (await duplicate.isVisible())
    await duplicate.getByRole('button', { name: 'Record a second value' }).click();
  await recorded.waitFor();
  await u.page.waitForFunction(
    ([n, v]) => {
      const el = document.querySelector('[data-testid="kpi-chart"]');
      return (
        el && Number(el.getAttribute('data-points')) === n + 1 && Number(el.getAttribute('data-latest')) === v
      );
    },
    [pointsBefore, value],
    { timeout: 10_000 },
  );
  assert.notEqual(await valueLine.getAttribute('d'), pathBefore, 'the line was redrawn with the new value');
  await shot(u.page, 'kpi-chart-after');

  // Validation: a non-number is refused by the form, with the message tied to the field.
  await u.page.getByRole('textbox', { name: /^Value/ }).fill('twelve');
  await u.page.getByRole('button', { name: 'Record value' }).click();
  await u.page.getByText('The value must be a number').waitFor();
  assert.deepEqual(u.problems, []);
  await u.context.close();
});
