// The fixture on the demo site: a flow that leaks a token must fail its test, with the report attached; a clean
// flow passes. The config is set here so that no bearerscope.config.json around the checkout changes the verdict.
import { test, expect } from 'bearerscope/playwright';

test.use({ bearerscope: { config: null, failOn: 'error' } });

test('the add-in start page keeps an access token in a cookie scripts can read', async ({ page }) => {
  // The scan, after the test's own steps, is what must fail it: the steps themselves pass.
  test.fail();
  const origin = process.env.BEARERSCOPE_DEMO;
  await page.goto(`${origin}/addin/callback`);
  // SharePoint starts an add-in by POSTing to its start page; the demo's answers with Set-Cookie: spAccessToken=…
  // and no HttpOnly.
  await page.evaluate(() => {
    const form = Object.assign(document.createElement('form'), { method: 'POST', action: '/addin/Pages/Default.aspx' });
    document.body.append(form);
    form.submit();
  });
  await page.waitForURL('**/addin/Pages/Default.aspx');
  await expect(page.getByText('Add-in started')).toBeVisible();
});

test('a signed-in page and an API call without tokens pass', async ({ page }) => {
  const origin = process.env.BEARERSCOPE_DEMO;
  await page.goto(`${origin}/addin/callback`);
  await expect(page.getByText('Signed in.')).toBeVisible();
  expect(await page.evaluate(async () => (await fetch('/api/ping')).json())).toEqual({ ok: true });
});
