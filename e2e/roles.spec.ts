import { test, expect, storageStateFor, type DemoRole } from './fixtures';

const expected: Record<DemoRole, { visible: string[]; hidden: string[]; home: RegExp }> = {
  admin: { visible: ['Flows', 'Inbox', 'Runs', 'Users', 'Tools', 'Models'], hidden: [], home: /\/flows$/ },
  analyst: { visible: ['Flows', 'Runs'], hidden: ['Users', 'Inbox', 'Tools', 'Models'], home: /\/flows$/ },
  reviewer: { visible: ['Inbox', 'Runs'], hidden: ['Flows', 'Users', 'Tools', 'Models'], home: /\/inbox$/ },
};

for (const [role, want] of Object.entries(expected) as [DemoRole, (typeof expected)[DemoRole]][]) {
  test.describe(`${role} navigation`, () => {
    test.use({ storageState: storageStateFor(role) });

    test(`sees the sections of a ${role}`, async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(want.home);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const label of want.visible) await expect(nav.getByRole('link', { name: label })).toBeVisible();
      for (const label of want.hidden) await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
    });
  });
}

test.describe('pages refuse roles that lack them', () => {
  test.use({ storageState: storageStateFor('reviewer') });

  test('a reviewer opening Flows or Users lands on the forbidden page', async ({ page }) => {
    for (const path of ['/flows', '/admin/users']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/forbidden$/);
      await expect(page.getByRole('heading', { name: 'You do not have access to that page' })).toBeVisible();
    }
  });
});

test.describe('signed out', () => {
  test('app pages send a visitor to sign-in', async ({ page }) => {
    for (const path of ['/', '/flows', '/runs', '/admin/users']) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in$/);
    }
  });
});
