// The accessibility audit of the end-to-end suite: axe-core (WCAG 2.1 A and AA rules) run inside
// the page as a user sees it. A serious or critical violation fails the spec that found it, with
// the rule, the help text and the first elements at fault, so the fix is findable.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Evaluated in the page, not added as a <script>: the app's Content-Security-Policy (script-src
// 'self') refuses inline scripts, as it should.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the page (or on `selector`) and returns its serious and critical violations. */
export async function accessibilityViolations(page, { selector } = {}) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    async ({ tags, selector }) =>
      window.axe.run(selector ? document.querySelector(selector) : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    { tags: TAGS, selector: selector ?? null },
  );
  return result.violations
    .filter((v) => BLOCKING.has(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      count: v.nodes.length,
      targets: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
}

/** Fails with a readable list when the page (as `label` names it) has a serious or critical violation. */
export async function expectAccessible(page, label, options) {
  const violations = await accessibilityViolations(page, options);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `  ${v.impact} ${v.id} (${v.count}×): ${v.help}\n${v.targets.map((t) => `      ${t}`).join('\n')}`,
  );
  throw new Error(`Accessibility audit of ${label}: ${violations.length} rule(s) fail\n${lines.join('\n')}`);
}
