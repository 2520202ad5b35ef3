import { test as setup, expect } from '@playwright/test';
import { DEMO_PASSWORD, ROLE_USERS, signIn, storageStateFor, type DemoRole } from './fixtures';

for (const role of Object.keys(ROLE_USERS) as DemoRole[]) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await signIn(page, ROLE_USERS[role], DEMO_PASSWORD);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
