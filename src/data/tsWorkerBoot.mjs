// Entry of worker threads that run TypeScript sources. Node 20 ignores `--import tsx` in a
// Worker's execArgv (nodejs/node#47747: ESM loaders cannot be set per worker), so each worker
// starts from this plain-JS file, registers tsx in its own thread, then imports the real
// entry, given as a file URL in `workerData.entry`.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
