/** `npm run codegen` step 2: writes subgraph.graphql, the SDL the subgraph serves at `_service { sdl }`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGatewaySubgraphSchema, printGatewaySubgraphSdl } from '../src/server/subgraph.js';

const target = fileURLToPath(new URL('../subgraph.graphql', import.meta.url));
writeFileSync(target, printGatewaySubgraphSdl(await buildGatewaySubgraphSchema()));
process.stdout.write(`wrote ${target}\n`);
