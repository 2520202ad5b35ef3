import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, storageStateFor } from './fixtures';
import { EditorPage, newFlow, unique } from './pages/editor-page';

test.use({ storageState: storageStateFor('admin') });

/** Rules about names and keyboard use: what "reachable by keyboard with an accessible name" means. */
const RULES = ['button-name', 'link-name', 'label', 'aria-input-field-name', 'aria-command-name', 'select-name', 'image-alt', 'aria-required-attr', 'aria-valid-attr-value', 'nested-interactive', 'tabindex', 'scrollable-region-focusable', 'frame-title'];

async function check(page: Page) {
  const r = await new AxeBuilder({ page }).withRules(RULES).exclude('.react-flow__attribution').analyze();
  return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const path of ['/flows', '/runs', '/admin/users', '/admin/models', '/settings/tokens', '/settings/account', '/welcome/no-such-link']) {
  test(`${path} names its controls for assistive technology`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('main')).toBeVisible();
    expect(await check(page)).toEqual([]);
  });
}

test('the editor, with a step selected and the run dialog open, names every control', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('link', { name: 'Enrich a lead in parallel' }).click();
  const ed = new EditorPage(page);
  await ed.select('normalise');
  await expect(ed.inspector().getByText('normalise')).toBeVisible();
  expect(await check(page)).toEqual([]);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Test run of the draft' })).toBeVisible();
  expect(await check(page)).toEqual([]);
});

test('the keyboard reaches the palette, adds a step, and focus is always visible', async ({ page }) => {
  // A flow of its own: the step added below must not reach flows other tests run in parallel.
  await newFlow(page, unique('Keyboard'));
  // Tab from the top until the palette's search field has focus, checking each stop on the way.
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const name = el.getAttribute('aria-label') || el.textContent?.trim() || el.getAttribute('placeholder') || el.getAttribute('title') || (el.labels && el.labels[0] ? el.labels[0].textContent : '');
      return { name: (name || '').slice(0, 40), focusRing: s.outlineStyle !== 'none' || s.boxShadow !== 'none', placeholder: el.getAttribute('placeholder') };
    })()`) as { name: string; focusRing: boolean; placeholder: string | null } | null;
    expect(info, `tab stop ${i}`).not.toBeNull();
    expect(info!.name, `tab stop ${i} has a name`).not.toBe('');
    expect(info!.focusRing, `tab stop ${i} (${info!.name}) shows focus`).toBe(true);
    seen.push(info!.name);
    if (info!.placeholder === 'Search steps…') break;
  }
  expect(seen.at(-1)).toBe('Search steps');
  await page.keyboard.type('wait');
  // The filtered list follows the search field: Tab to the "Wait" step (other matches come first).
  for (let i = 0; i < 6 && (await page.evaluate('document.activeElement && document.activeElement.textContent')) !== 'Wait'; i++) await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAccessibleName('Wait');
  await page.keyboard.press('Enter');
  await expect(new EditorPage(page).node('delay_1')).toBeVisible();
});
