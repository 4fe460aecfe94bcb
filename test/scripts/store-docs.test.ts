// docs/store/ says what the manifest does: no permission, Firefox's data collection consent set to "none", and the
// screenshots the stores take (1280×800, under 300 KB). The e2e file test/e2e/store-screenshots.e2e.test.mjs makes them.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(fs.readFileSync('manifest.json', 'utf8'));
const doc = (name: string) => fs.readFileSync(`docs/store/${name}`, 'utf8');

describe('docs/store', () => {
  it('the manifest asks for webRequest and optional site access only (Chrome), as permissions.md says', () => {
    for (const key of ['optional_permissions', 'host_permissions', 'content_scripts'])
      expect(manifest[key], key).toBeUndefined();
    expect(manifest.permissions).toEqual(['webRequest']);
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(doc('permissions.md')).toContain('asks for **one permission**, `webRequest`');
    expect(doc('permissions.md')).toContain('The Firefox build asks for **no permission**');
    expect(manifest.content_security_policy.extension_pages).toContain("connect-src 'none'");
  });

  it('Firefox\'s data collection consent is "none", as privacy.md and PRIVACY.md say', () => {
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(doc('privacy.md')).toContain('"data_collection_permissions": { "required": ["none"] }');
    expect(fs.readFileSync('PRIVACY.md', 'utf8')).toMatch(/\*\*Where it goes\.\*\* Nowhere\./);
  });

  it('the listing names each screenshot, and each is 1280×800 and under 300 KB', () => {
    const pngs = fs
      .readdirSync('docs/store')
      .filter((f) => f.endsWith('.png'))
      .sort();
    expect(pngs).toEqual(['html-report.png', 'panel-dark.png', 'panel-light.png']);
    for (const name of pngs) {
      expect(doc('listing.md')).toContain(`\`${name}\``);
      const png = fs.readFileSync(`docs/store/${name}`);
      expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), name).toBe(true);
      expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }, name).toEqual({ width: 1280, height: 800 });
      expect(png.length, name).toBeLessThan(300 * 1024);
    }
  });
});
