// The demo site on a free port for the Playwright run: its origin reaches the tests as BEARERSCOPE_DEMO (Playwright
// passes the environment its global setup leaves to its workers), and the returned function stops it.
import { startDemo } from '../../demo/server.mjs';

export default async function setup() {
  const demo = await startDemo({ port: 0 });
  process.env.BEARERSCOPE_DEMO = demo.origin;
  return () => demo.close();
}
