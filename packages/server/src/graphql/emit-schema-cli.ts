import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printServerSchema } from './schema.js';

/** Writes the schema SDL to packages/server/schema.graphql (run after changing resolvers). */
const file = join(import.meta.dirname, '..', '..', 'schema.graphql');
writeFileSync(file, printServerSchema());
console.log(`wrote ${file}`);
