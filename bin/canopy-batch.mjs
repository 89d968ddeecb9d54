#!/usr/bin/env node
// The canopy-batch command from a checkout: runs the TypeScript CLI through tsx, no build step needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
