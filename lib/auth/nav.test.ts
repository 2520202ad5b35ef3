import { describe, expect, it } from 'vitest';
import { sectionsFor } from './nav';

describe('sectionsFor', () => {
  it('gives each role its sections and unions them for several roles', () => {
    expect(sectionsFor(['reviewer']).map((s) => s.label)).toEqual(['Inbox', 'Runs', 'API tokens']);
    expect(sectionsFor(['analyst']).map((s) => s.label)).toEqual(['Flows', 'Runs', 'API tokens']);
    expect(sectionsFor(['reviewer', 'admin']).map((s) => s.label)).toEqual(['Flows', 'Inbox', 'Runs', 'Users', 'Tools', 'Models', 'Credentials', 'MCP servers', 'API tokens']);
    expect(sectionsFor([])).toEqual([]);
  });
});
