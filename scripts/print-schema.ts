/** `npm run codegen` step 1: writes schema.graphql from the type-graphql classes. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGatewaySchema, printGatewaySchema } from '../src/schema/build-schema.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
writeFileSync(target, printGatewaySchema(await buildGatewaySchema()));
process.stdout.write(`wrote ${target}\n`);
