declare module 'autocannon' {
  type Histogram = { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
  type Result = { requests: { total: number; average: number }; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number; mismatches: number };
  type Options = { url: string; method?: string; headers?: Record<string, string>; body?: string; connections?: number; duration?: number; verifyBody?: (body: string) => boolean; setupClient?: (client: { on: (event: string, fn: () => void) => void }) => void };
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
