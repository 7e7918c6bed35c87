/**
 * Where the test fixtures live: `test/fixtures/`, inside the repository. They were made outside
 * the project (numpy and Open3D 0.16) and copied in; test/fixtures/README.md says how.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
export const IO_FIXTURES = join(FIXTURES, 'io');
export const ONET_FIXTURES = join(FIXTURES, 'onet_shapenet');
