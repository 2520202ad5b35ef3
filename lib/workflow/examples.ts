import type { FlowInput } from './types';

/** Example flows seeded once per installation; each runs without a model and without network. */
export type ExampleFlow = { slug: string; name: string; description: string; tags: string[]; publish: boolean; definition: FlowInput };

const at = (i: number, row = 0) => ({ x: 80 + i * 240, y: 120 + row * 160 });
const set = (id: string, assignments: Record<string, unknown>, i: number, row = 0) => ({
  id,
  type: 'transform',
  config: { assignments: Object.entries(assignments).map(([name, value]) => ({ name, value })), keepInput: true },
  position: at(i, row),
});
const chain = (ids: string[]) => ids.slice(1).map((to, i) => ({ from: ids[i]!, to, port: 'out' }));

const manual = { id: 'start', type: 'manual-trigger', name: 'Start', config: {}, position: at(0, 1) };

/** Where the examples find the launcher's demo API (lib/server/demo-api.ts). */
export type ExampleOptions = { demoApiUrl: string };

/**
 * The examples a new installation starts with. Benchmark workloads are not among them
 * (lib/workflow/speed-workloads.ts: the benchmarks create their own flows).
 */
export const exampleFlows = ({ demoApiUrl }: ExampleOptions): ExampleFlow[] => [
  {
    slug: 'route-by-amount',
    name: 'Route orders by amount',
    description: 'Branching: orders over 1,000 go to manual approval, the rest are approved automatically.',
    tags: ['example', 'branching'],
    publish: false,
    definition: {
      version: 1,
      steps: [
        manual,
        { id: 'check', type: 'condition', name: 'Amount over 1000?', config: { condition: '{{ input.amount > 1000 }}' }, position: at(1, 1) },
        set('needs_approval', { route: 'manual approval' }, 2, 0),
        set('auto_approved', { route: 'auto', approvedAt: '{{ now() }}' }, 2, 2),
        { id: 'result', type: 'output', name: 'Result', config: { value: '{{ input }}' }, position: at(3, 1) },
      ],
      edges: [
        { from: 'start', to: 'check', port: 'out' },
        { from: 'check', to: 'needs_approval', port: 'true' },
        { from: 'check', to: 'auto_approved', port: 'false' },
        { from: 'needs_approval', to: 'result', port: 'out' },
        { from: 'auto_approved', to: 'result', port: 'out' },
      ],
    },
  },
  {
    slug: 'parallel-enrichment',
    name: 'Enrich a lead in parallel',
    description: 'Parallel work: three enrichments run at once, then a merge waits for all of them.',
    tags: ['example', 'parallel'],
    publish: false,
    definition: {
      version: 1,
      steps: [
        manual,
        set('company', { company: '{{ upper(split(coalesce(input.email, "ada@example.com"), "@")[1]) }}' }, 1, 0),
        set('score', { score: '{{ len(coalesce(input.email, "")) > 10 ? 80 : 40 }}' }, 1, 1),
        { id: 'normalise', type: 'code', name: 'Normalise name', config: { code: 'return { name: String(input.name || "").trim().replace(/\\s+/g, " ") };' }, position: at(1, 2) },
        { id: 'merge', type: 'merge', name: 'Merge', config: { mode: 'all' }, position: at(2, 1) },
        { id: 'result', type: 'output', name: 'Lead', config: { value: '{{ input }}' }, position: at(3, 1) },
      ],
      edges: [
        { from: 'start', to: 'company', port: 'out' },
        { from: 'start', to: 'score', port: 'out' },
        { from: 'start', to: 'normalise', port: 'out' },
        { from: 'company', to: 'merge', port: 'out', label: 'company' },
        { from: 'score', to: 'merge', port: 'out', label: 'score' },
        { from: 'normalise', to: 'merge', port: 'out', label: 'name' },
        { from: 'merge', to: 'result', port: 'out' },
      ],
    },
  },
  {
    slug: 'retry-and-reroute',
    name: 'Retry, then reroute to a backup',
    description: 'Policies: the primary code step always throws; after 2 attempts the step reroutes to its alternative, which succeeds.',
    tags: ['example', 'policy'],
    publish: false,
    definition: {
      version: 1,
      steps: [
        manual,
        {
          id: 'lookup',
          type: 'code',
          name: 'Look up price',
          config: { code: 'throw new Error("primary price service is down");' },
          policy: {
            retry: { maxAttempts: 2, initialIntervalMs: 500, backoffCoefficient: 2, maxIntervalMs: 5000, jitter: 0.2, nonRetryable: [] },
            alternatives: [{ label: 'Backup price table', config: { code: 'return { ...input, price: 42, source: "backup" };' } }],
          },
          position: at(1, 1),
        },
        { id: 'result', type: 'output', name: 'Price', config: { value: '{{ input }}' }, position: at(2, 1) },
      ],
      edges: chain(['start', 'lookup', 'result']),
    },
  },
  {
    slug: 'http-request',
    name: 'Call an HTTP API',
    description: 'Calls the demo API that npm start serves on this machine (allowed by default), then outputs its answer. Point the URL at your own API; private and loopback addresses are refused unless an admin allows them in BATON_ALLOWED_HOSTS.',
    tags: ['example', 'http'],
    publish: false,
    definition: {
      version: 1,
      steps: [
        manual,
        { id: 'call', type: 'http-request', name: 'GET the API', config: { method: 'GET', url: `${demoApiUrl}/status`, headers: [] }, position: at(1, 1) },
        { id: 'result', type: 'output', name: 'Response', config: { value: '{{ input.body }}' }, position: at(2, 1) },
      ],
      edges: chain(['start', 'call', 'result']),
    },
  },
];
