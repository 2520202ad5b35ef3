import { expect, type Page } from '@playwright/test';

/** The flow editor, driven as a user would: palette, canvas handles, inspector, toolbar. */
export class EditorPage {
  constructor(readonly page: Page) {}

  node(id: string) {
    return this.page.getByTestId(`node.${id}`);
  }

  async dragFromPalette(label: string, to: { x: number; y: number }) {
    const canvas = this.page.getByLabel('Flow canvas');
    await this.page.getByRole('complementary', { name: 'Steps' }).getByRole('button', { name: label, exact: true }).dragTo(canvas, { targetPosition: to });
  }

  /** Drags from a node's output handle to another node's input handle. */
  async connect(from: string, to: string, port = 'out') {
    const src = this.node(from).locator(`.react-flow__handle[data-handleid="${port}"]`);
    const dst = this.node(to).locator('.react-flow__handle[data-handleid="in"]');
    await src.hover();
    await this.page.mouse.down();
    const box = (await dst.boundingBox())!;
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  async select(id: string) {
    await this.node(id).click();
  }

  inspector() {
    return this.page.getByRole('complementary', { name: 'Inspector' });
  }

  async saved() {
    await expect(this.page.getByTestId('editor.save-state')).toHaveText('All changes saved');
  }
}

/** A new empty flow of the signed-in analyst, open in the editor (a flow no other test touches). */
export async function newFlow(page: Page, name: string) {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'New flow' }).click();
  await page.getByRole('dialog', { name: 'New flow' }).getByLabel('Name').fill(name);
  await page.getByRole('dialog', { name: 'New flow' }).getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const ed = new EditorPage(page);
  await expect(ed.node('start')).toBeVisible();
  return ed;
}

export const unique = (s: string) => `${s} ${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
