/** `npm run schema:write`: regenerates docs/flow-format.schema.json from the flow schema in code. */
import { writeFileSync } from 'node:fs';
import { flowJsonSchema } from '@/lib/workflow/json-schema';

writeFileSync('docs/flow-format.schema.json', JSON.stringify(flowJsonSchema(), null, 2) + '\n');
process.stdout.write('wrote docs/flow-format.schema.json\n');
