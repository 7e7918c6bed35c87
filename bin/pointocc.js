#!/usr/bin/env node
// Thin launcher: registers tsx so the TypeScript sources run directly, then hands over to the CLI.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
