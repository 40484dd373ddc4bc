#!/usr/bin/env node
// `npx tierscope …` runs the TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
