import { test, expect, storageStateFor, signIn } from './fixtures';

test.describe('admin manages users', () => {
  test.use({ storageState: storageStateFor('admin') });
  // Journeys of two or three people, each signing in with a deliberately slow password hash.
  test.describe.configure({ timeout: 60_000 });

  test('creates a reviewer, who signs in and sees only Runs; disabling locks them out at the next request', async ({ page, browser }) => {
    const email = `rev-${Date.now()}@example.com`;
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('New Reviewer');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('I set a starting password now').check();
    await dialog.getByLabel('Starting password', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('Use at least 10 characters.')).toBeVisible();

    await dialog.getByLabel('Starting password', { exact: true }).fill('a-long-enough-password');
    await dialog.getByLabel('analyst').uncheck();
    await dialog.getByLabel('reviewer').check();
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId(`user-row.${email}`);
    await expect(row).toContainText('Active');
    await expect(row).toContainText('never signed in');

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirs = await other.newPage();
    await signIn(theirs, email, 'a-long-enough-password');
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' })).toBeVisible();
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toHaveCount(0);
    await page.reload();
    await expect(row).toContainText(/signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    // Roles are read on every request: granting analyst shows Flows at their next page load.
    await row.getByRole('checkbox', { name: 'analyst' }).check();
    await expect(row.getByRole('checkbox', { name: 'analyst' })).toBeChecked();
    await expect(row.getByTestId(`roles-state.${email}`)).toHaveText('Roles saved');
    await theirs.reload();
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toBeVisible();

    await row.getByRole('button', { name: `Disable ${email}` }).click();
    await expect(row).toContainText('Disabled');
    await theirs.goto('/runs');
    await expect(theirs).toHaveURL(/\/sign-in$/);
    // Re-enabling does not revive the sessions the disable ended: they sign in again.
    await row.getByRole('button', { name: `Enable ${email}` }).click();
    await expect(row).toContainText('Active');
    await theirs.goto('/runs');
    await expect(theirs).toHaveURL(/\/sign-in$/);
    await other.close();
  });

  test('invites a person with a one-time link; they choose their password and sign in; a reset link replaces it', async ({ page, browser }) => {
    const email = `inv-${Date.now()}@example.com`;
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('Ivy Invited');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('analyst').uncheck();
    await dialog.getByLabel('reviewer').check();
    await dialog.getByRole('button', { name: 'Create and get link' }).click();
    const linkDialog = page.getByRole('dialog', { name: 'Invitation link' });
    await expect(linkDialog.getByLabel('Sign-in link')).toHaveValue(/^http:\/\/localhost:\d+\/welcome\/[\w-]{43}$/);
    const invite = await linkDialog.getByLabel('Sign-in link').inputValue();
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByTestId(`user-row.${email}`);
    await expect(row).toContainText('Invited');

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const theirs = await other.newPage();
    const secondTab = await other.newPage();
    await secondTab.goto(invite);
    await theirs.goto(invite);
    await expect(theirs.getByRole('heading', { name: 'Welcome to Baton, Ivy Invited' })).toBeVisible();
    await theirs.getByLabel('New password', { exact: true }).fill('ivy-chooses-this');
    await theirs.getByLabel('Repeat the new password').fill('ivy-chooses-that');
    await theirs.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(theirs.getByText('The two passwords differ.')).toBeVisible();
    await theirs.getByLabel('Repeat the new password').fill('ivy-chooses-this');
    await theirs.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(theirs).toHaveURL(/\/inbox$/);
    await expect(theirs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' })).toHaveCount(0);

    // The link worked once: a form still open elsewhere is refused, and so is a new visit.
    await secondTab.getByLabel('New password', { exact: true }).fill('someone-else-tries');
    await secondTab.getByLabel('Repeat the new password').fill('someone-else-tries');
    await secondTab.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(secondTab.getByText(/^This link is no longer valid: it was used/)).toBeVisible();
    await theirs.goto(invite);
    await expect(theirs.getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
    await page.reload();
    await expect(row).toContainText('Active');

    // A password reset link: the new password replaces the old one.
    await row.getByRole('button', { name: `Password reset link for ${email}` }).click();
    const resetDialog = page.getByRole('dialog', { name: 'Password reset link' });
    await expect(resetDialog.getByLabel('Sign-in link')).toHaveValue(/\/welcome\/[\w-]{43}$/);
    const reset = await resetDialog.getByLabel('Sign-in link').inputValue();
    expect(reset).not.toBe(invite);
    await other.clearCookies();
    await theirs.goto(reset);
    await expect(theirs.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await theirs.getByLabel('New password', { exact: true }).fill('ivy-new-password');
    await theirs.getByLabel('Repeat the new password').fill('ivy-new-password');
    await theirs.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(theirs).toHaveURL(/\/inbox$/);
    await other.clearCookies();
    await signIn(theirs, email, 'ivy-chooses-this');
    await expect(theirs.getByText('Email or password is incorrect.')).toBeVisible();
    await other.close();
  });

  test('a user changes their own password: a wrong current one is refused, and their other sessions end', async ({ page, browser }) => {
    const email = `pw-${Date.now()}@example.com`;
    await page.goto('/admin/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill('Pat Password');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('I set a starting password now').check();
    await dialog.getByLabel('Starting password', { exact: true }).fill('pat-starting-pass');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toBeHidden();

    const [here, there] = [await browser.newContext({ storageState: { cookies: [], origins: [] } }), await browser.newContext({ storageState: { cookies: [], origins: [] } })];
    const mine = await here.newPage();
    const elsewhere = await there.newPage();
    await signIn(mine, email, 'pat-starting-pass');
    await expect(mine).toHaveURL(/\/flows$/);
    await signIn(elsewhere, email, 'pat-starting-pass');
    await expect(elsewhere).toHaveURL(/\/flows$/);

    await mine.getByRole('link', { name: 'Account' }).click();
    await expect(mine.getByRole('heading', { name: 'Account' })).toBeVisible();
    await mine.getByLabel('Current password').fill('not-my-password');
    await mine.getByLabel('New password', { exact: true }).fill('pat-new-password');
    await mine.getByLabel('Repeat the new password').fill('pat-new-password');
    await mine.getByRole('button', { name: 'Change password' }).click();
    await expect(mine.getByText('That is not your current password.')).toBeVisible();

    await mine.getByLabel('Current password').fill('pat-starting-pass');
    await mine.getByRole('button', { name: 'Change password' }).click();
    await expect(mine.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
    // This browser keeps a fresh session; the other one is signed out at its next request.
    await mine.goto('/runs');
    await expect(mine).toHaveURL(/\/runs$/);
    // Refreshing the old session (Auth.js re-issues its token) does not bring it back.
    expect((await there.request.get('/api/auth/session')).ok()).toBe(true);
    await elsewhere.goto('/runs');
    await expect(elsewhere).toHaveURL(/\/sign-in$/);
    await signIn(elsewhere, email, 'pat-starting-pass');
    await expect(elsewhere.getByText('Email or password is incorrect.')).toBeVisible();
    await signIn(elsewhere, email, 'pat-new-password');
    await expect(elsewhere).toHaveURL(/\/flows$/);
    await here.close();
    await there.close();
  });
});
